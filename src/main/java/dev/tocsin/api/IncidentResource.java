package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.account.Caller;
import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentActions;
import dev.tocsin.incident.LastResponses;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/incidents}: list, read with the timeline, acknowledge and resolve. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");

    private final IncidentActions incidents;
    private final LastResponses lastResponses;
    private final CurrentCaller caller;

    IncidentResource(IncidentActions incidents, LastResponses lastResponses, CurrentCaller caller) {
        this.incidents = incidents;
        this.lastResponses = lastResponses;
        this.caller = caller;
    }

    /** One incident with its timeline and last failed response. */
    private IncidentView single(Incident incident) {
        return IncidentView.of(incident, incidents.timeline(incident.id), lastResponses.of(incident).orElse(null));
    }

    @GET
    public Page<IncidentView> list(@QueryParam("state") String state, @QueryParam("limit") Integer limit,
                                   @QueryParam("cursor") String cursor) {
        if (state != null && !STATES.contains(state)) {
            throw ProblemException.invalid("state", "must be one of open, acknowledged, resolved");
        }
        int size = Page.limit(limit);
        return Page.of(incidents.list(caller.get().accountId(), state, Page.cursor(cursor), size + 1), size,
                i -> new Keyset(i.createdAt, i.id), i -> IncidentView.of(i, null));
    }

    @GET
    @Path("{id}")
    public IncidentView get(@PathParam("id") UUID id) {
        var incident = incidents.get(caller.get().accountId(), id);
        return single(incident);
    }

    @APIResponse(responseCode = "200", description = "Acknowledged (acknowledging twice changes nothing)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncidentView.class)))
    @APIResponse(responseCode = "409", description = "The incident is already resolved (type incident-resolved)")
    @POST
    @Path("{id}/acknowledge")
    public IncidentView acknowledge(@PathParam("id") UUID id) {
        Caller c = caller.get();
        var incident = incidents.acknowledge(c.accountId(), id, actor(c));
        return single(incident);
    }

    @POST
    @Path("{id}/resolve")
    public IncidentView resolve(@PathParam("id") UUID id) {
        Caller c = caller.get();
        var incident = incidents.resolve(c.accountId(), id, actor(c));
        return single(incident);
    }

    private static String actor(Caller c) {
        return c.keyId() != null ? "API key " + c.keyId() : "user " + c.userId();
    }
}
