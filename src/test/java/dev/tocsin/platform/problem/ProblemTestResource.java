package dev.tocsin.platform.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Exists only in the test application: a JSON endpoint to feed bad input through the real pipeline. */
@Path("/api/v1/test-only/echo")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProblemTestResource {

    public enum Colour { RED, GREEN }

    public record Item(@NotBlank String label) {
    }

    public record Payload(@NotBlank String name, @NotNull @Min(30) @Max(86400) Integer intervalSeconds,
                          Colour colour, List<@Valid Item> items) {
    }

    @POST
    public Payload echo(@Valid @NotNull Payload payload) {
        return payload;
    }

    @POST
    @Path("/boom")
    public Payload boom(Payload payload) {
        throw new IllegalStateException("select secret from dev.tocsin.Internal");
    }
}
