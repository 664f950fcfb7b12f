package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.notify.DeliveryLog;
import dev.tocsin.notify.DeliveryRecorder;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /api/v1/deliveries}: the delivery log, with every attempt, and replay. */
@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryLog log;
    private final DeliveryRecorder recorder;
    private final CurrentCaller caller;

    DeliveryResource(DeliveryLog log, DeliveryRecorder recorder, CurrentCaller caller) {
        this.log = log;
        this.recorder = recorder;
        this.caller = caller;
    }

    @GET
    public Page<DeliveryLog.Entry> list(@QueryParam("incident") UUID incident, @QueryParam("limit") Integer limit,
                                        @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(log.list(caller.get().accountId(), incident, Page.cursor(cursor), size + 1), size,
                e -> new dev.tocsin.platform.Keyset(e.createdAt(), e.id()), e -> e);
    }

    @GET
    @Path("{id}")
    public DeliveryLog.Entry get(@PathParam("id") UUID id) {
        return log.find(caller.get().accountId(), id).orElseThrow(() -> ProblemException.notFound("No delivery " + id + "."));
    }

    /** Sends the delivery again, now, with the same event id. */
    @APIResponse(responseCode = "202", description = "Queued to be sent again now, with the same event id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryLog.Entry.class)))
    @APIResponse(responseCode = "409", description = "Some node is sending it at this moment (type delivery-in-flight)")
    @APIResponse(responseCode = "429", description = "The account, or this delivery's channel address, had enough tests and replays this hour; see Retry-After (type rate-limited)")
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") UUID id) {
        UUID account = caller.get().accountId();
        switch (recorder.replay(account, id)) {
            case NOT_FOUND -> throw ProblemException.notFound("No delivery " + id + ".");
            case IN_FLIGHT -> throw new ProblemException(409, "delivery-in-flight", "Delivery in flight",
                    "This delivery is being sent right now; its log shows the outcome in a moment.");
            case QUEUED -> { }
        }
        return Response.accepted(log.find(account, id).orElseThrow()).build();
    }
}
