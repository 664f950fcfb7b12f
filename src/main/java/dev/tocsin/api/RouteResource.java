package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.notify.channel.Route;
import dev.tocsin.notify.channel.Routes;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** {@code /api/v1/routes}: which channels receive which monitors' incidents. */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final Routes routes;
    private final CurrentCaller caller;

    RouteResource(Routes routes, CurrentCaller caller) {
        this.routes = routes;
        this.caller = caller;
    }

    @Schema(name = "Route")
    public record View(UUID id, UUID channelId,
                       @Schema(description = "Empty monitorIds, providers and tags: every monitor") List<UUID> monitorIds,
                       List<String> providers, List<String> tags,
                       @Schema(description = "degraded or down") String minSeverity,
                       @Schema(description = "Reminder interval while an incident is open and unacknowledged; 0 for none")
                       int reminderSeconds, Instant createdAt) {
        static View of(Route r) {
            return new View(r.id, r.channelId, r.monitorIds, r.providers, r.tags, r.minSeverity, r.reminderSeconds, r.createdAt);
        }
    }

    @GET
    public Page<View> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(routes.list(caller.get().accountId(), Page.cursor(cursor), size + 1), size,
                r -> new Keyset(r.createdAt, r.id), View::of);
    }

    @GET
    @Path("{id}")
    public View get(@PathParam("id") UUID id) {
        return View.of(routes.get(caller.get().accountId(), id));
    }

    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Routes.Draft draft) {
        if (draft == null) {
            throw ProblemException.invalid("body", "must be a JSON object with channelId");
        }
        Route r = routes.create(caller.get().accountId(), draft);
        return Response.created(URI.create("/api/v1/routes/" + r.id)).entity(View.of(r)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public View update(@PathParam("id") UUID id, Routes.Draft draft) {
        if (draft == null) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        return View.of(routes.update(caller.get().accountId(), id, draft));
    }

    @APIResponse(responseCode = "204", description = "Deleted (also when it was already gone)")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        routes.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }
}
