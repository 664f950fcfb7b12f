package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.incident.MaintenanceWindow;
import dev.tocsin.incident.MaintenanceWindows;
import dev.tocsin.platform.Keyset;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code /api/v1/maintenance-windows}: signals inside a window open no incident and notify nobody. */
@Path("/api/v1/maintenance-windows")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceWindowResource {

    private final MaintenanceWindows windows;
    private final CurrentCaller caller;

    MaintenanceWindowResource(MaintenanceWindows windows, CurrentCaller caller) {
        this.windows = windows;
        this.caller = caller;
    }

    @Schema(name = "MaintenanceWindow")
    public record View(UUID id, UUID monitorId, String provider, Instant startsAt, Instant endsAt, String reason,
                       @Schema(description = "api, or statuspage when imported from the vendor's scheduled maintenance") String source,
                       Instant createdAt) {
        static View of(MaintenanceWindow w) {
            return new View(w.id, w.monitorId, w.provider, w.startsAt, w.endsAt, w.reason, w.source, w.createdAt);
        }
    }

    @GET
    public Page<View> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(windows.list(caller.get().accountId(), Page.cursor(cursor), size + 1), size,
                w -> new Keyset(w.createdAt, w.id), View::of);
    }

    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(MaintenanceWindows.Draft draft) {
        if (draft == null) {
            throw dev.tocsin.platform.problem.ProblemException.invalid("body", "must be a JSON object with startsAt and endsAt");
        }
        MaintenanceWindow w = windows.create(caller.get().accountId(), draft);
        return Response.created(URI.create("/api/v1/maintenance-windows/" + w.id)).entity(View.of(w)).build();
    }

    @Schema(name = "MaintenanceWindowDetail")
    public record Detail(@Schema(implementation = View.class) View window,
                         @Schema(description = "Signals the window kept quiet, newest first (at most 100): they opened no incident")
                         List<MaintenanceWindows.Suppressed> suppressed) {
    }

    /** One window, with what it kept quiet. */
    @GET
    @Path("{id}")
    public Detail get(@PathParam("id") UUID id) {
        UUID account = caller.get().accountId();
        MaintenanceWindow w = windows.find(account, id)
                .orElseThrow(() -> dev.tocsin.platform.problem.ProblemException.notFound("No maintenance window " + id + "."));
        return new Detail(View.of(w), windows.suppressed(w, 100));
    }

    @APIResponse(responseCode = "204", description = "Deleted (also when it was already gone)")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        windows.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }
}
