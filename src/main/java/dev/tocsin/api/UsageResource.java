package dev.tocsin.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.usage.Prices;
import dev.tocsin.usage.UsageService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The customer's own calls: {@code POST /api/v1/events} takes a batch, {@code GET /api/v1/usage} reads the
 * figures back, {@code /api/v1/usage/prices} holds the prices of models the catalog does not price.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final UsageService usage;
    private final Prices prices;
    private final CurrentCaller caller;

    UsageResource(UsageService usage, Prices prices, CurrentCaller caller) {
        this.usage = usage;
        this.prices = prices;
        this.caller = caller;
    }

    public record Accepted(int accepted) {
    }

    /** One reported call, as documented; the resource reads the tree itself to name every bad item. */
    @Schema(name = "UsageCall")
    public record CallInput(@Schema(required = true, description = "a catalog id or your own provider's name") String provider,
                            @Schema(required = true) String model,
                            @Schema(required = true, description = "the HTTP status, or 0 when the call got no answer") int status,
                            @Schema(required = true) int latencyMs, Integer ttftMs, Long inputTokens, Long outputTokens, Boolean fallback,
                            @Schema(description = "default now; at most 1 h ahead, 7 days back") java.time.Instant at) {
    }

    @Schema(name = "UsagePrice")
    public record PriceInput(@Schema(required = true) String provider,
                             @Schema(required = true, description = "a model, or * for every model of the provider") String model,
                             @Schema(required = true) BigDecimal inputPerMillionUsd, @Schema(required = true) BigDecimal outputPerMillionUsd) {
    }

    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Every call of the batch was taken",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    public Response events(@RequestBody(content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = CallInput.class,
            minItems = 1, maxItems = 1000))) JsonNode body) {
        return Response.status(202).entity(new Accepted(usage.accept(caller.get().accountId(), body))).build();
    }

    @GET
    @Path("usage")
    public UsageService.Report report(@QueryParam("provider") String provider, @QueryParam("from") String from,
                                      @QueryParam("to") String to, @QueryParam("step") String step) {
        if (provider != null && (provider.length() > 100 || provider.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw ProblemException.invalid("provider", "must be a provider id of at most 100 characters");
        }
        return usage.report(caller.get().accountId(), provider, instant("from", from), instant("to", to), step(step));
    }

    public record Items<T>(List<T> items) {
    }

    @GET
    @Path("usage/prices")
    public Items<Prices.Own> prices() {
        return new Items<>(prices.list(caller.get().accountId()));
    }

    /** Sets the price of one model of a provider ({@code "model": "*"} for every model of it). */
    @PUT
    @Path("usage/prices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Prices.Own setPrice(@RequestBody(content = @Content(schema = @Schema(implementation = PriceInput.class))) JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body != null && body.isObject()) {
            body.fieldNames().forEachRemaining(name -> {
                if (!List.of("provider", "model", "inputPerMillionUsd", "outputPerMillionUsd").contains(name)) {
                    errors.add(new Problem.FieldError(name, "is not a known field; known: provider, model, inputPerMillionUsd, outputPerMillionUsd"));
                }
            });
        }
        String provider = text(body, "provider", errors);
        String model = text(body, "model", errors);
        BigDecimal in = price(body, "inputPerMillionUsd", errors);
        BigDecimal out = price(body, "outputPerMillionUsd", errors);
        if (provider != null && !NAME.matcher(provider).matches()) {
            errors.add(new Problem.FieldError("provider", "must be lower-case letters, digits, '.', '_' and '-'"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return prices.set(caller.get().accountId(), new Prices.Own(provider, model, in, out));
    }

    private static String text(JsonNode body, String field, List<Problem.FieldError> errors) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > 200
                || node.asText().chars().anyMatch(c -> c < 0x20)) {
            errors.add(new Problem.FieldError(field, "is required: a string of 1 to 200 characters"));
            return null;
        }
        return node.asText().strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static BigDecimal price(JsonNode body, String field, List<Problem.FieldError> errors) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isNumber() || node.decimalValue().signum() < 0 || node.decimalValue().compareTo(BigDecimal.valueOf(100_000)) > 0) {
            errors.add(new Problem.FieldError(field, "is required: US dollars per million tokens, from 0 to 100000"));
            return null;
        }
        return node.decimalValue();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant at = Instant.parse(value);
            if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
                throw ProblemException.invalid(name, "must be between the years 2000 and 2100");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2026-12-02T08:00:00Z");
        }
    }

    private static final Map<String, Duration> UNITS = Map.of("m", Duration.ofMinutes(1), "h", Duration.ofHours(1), "d", Duration.ofDays(1));

    /** {@code 5m}, {@code 1h}, {@code 1d}, or an ISO-8601 duration. */
    private static Duration step(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.matches("[1-9][0-9]{0,4}[mhd]")) {
                return UNITS.get(value.substring(value.length() - 1)).multipliedBy(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ProblemException.invalid("step", "must be like 5m, 1h, 1d or an ISO-8601 duration such as PT5M");
        }
    }
}
