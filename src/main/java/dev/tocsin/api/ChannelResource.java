package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.Channels;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.outbound.PublicTargets;
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
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code /api/v1/channels}: where alerts go; {@code POST …/{id}/test} sends a test message. */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    private final Channels channels;
    private final CurrentCaller caller;
    private final PublicTargets targets;

    ChannelResource(Channels channels, CurrentCaller caller, PublicTargets targets) {
        this.channels = channels;
        this.caller = caller;
        this.targets = targets;
    }

    /** What a client sends; on PATCH absent fields stay. */
    @Schema(name = "ChannelInput")
    public record Input(String name, @Schema(description = "email, webhook, slack, discord or pagerduty") String type,
                        @Schema(description = "Email address, URL, or PagerDuty routing key") String target, Boolean enabled) {
    }

    @Schema(name = "Channel")
    public record View(UUID id, String name, String type,
                       @Schema(description = "The email address or webhook URL; Slack and Discord URLs and PagerDuty keys masked (…XXXX)") String target,
                       @Schema(description = "Webhook signing secret (whsec_…), only in the answer to the creation") String secret,
                       boolean enabled,
                       @Schema(description = "Email channels receive alerts once confirmed") boolean confirmed,
                       Instant createdAt, Instant updatedAt) {
        static View of(Channel c, String secret, boolean confirmed) {
            return new View(c.id, c.name, c.type, Channels.shown(c), secret, c.enabled, confirmed, c.createdAt, c.updatedAt);
        }
    }

    /** The answer to a test: the delivery to follow. */
    @Schema(name = "ChannelTestQueued")
    public record TestQueued(UUID deliveryId) {
    }

    @GET
    public Page<View> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(channels.list(caller.get().accountId(), Page.cursor(cursor), size + 1), size,
                c -> new Keyset(c.createdAt, c.id), c -> View.of(c, null, channels.confirmed(c)));
    }

    @GET
    @Path("{id}")
    public View get(@PathParam("id") UUID id) {
        Channel channel = channels.get(caller.get().accountId(), id);
        return View.of(channel, null, channels.confirmed(channel));
    }

    @APIResponse(responseCode = "201", description = "Created; a webhook's secret is in this answer only", content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "429", description = "An email address needs a confirmation mail, and the account or the address had enough of those this hour; see Retry-After (type rate-limited)")
    @APIResponse(responseCode = "422", description = "The target's host is a private address while those are refused (type private-address)")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Input input) {
        if (input == null) {
            throw ProblemException.invalid("body", "must be a JSON object with type and target");
        }
        targets.require("target", input.target());
        var c = caller.get();
        Channels.Created created = channels.create(c.accountId(), c.userId(), input.name(), input.type(), input.target(), input.enabled());
        return Response.created(URI.create("/api/v1/channels/" + created.channel().id))
                .entity(View.of(created.channel(), created.secret(), !created.needsConfirmation())).build();
    }

    @APIResponse(responseCode = "200", description = "The channel as changed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "429", description = "A new email address needs a confirmation mail, and the account or the address had enough of those this hour; see Retry-After (type rate-limited)")
    @APIResponse(responseCode = "422", description = "The target's host is a private address while those are refused (type private-address)")
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public View update(@PathParam("id") UUID id, Input input) {
        if (input == null) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        if (input.type() != null) {
            throw ProblemException.invalid("type", "cannot be changed; create another channel");
        }
        targets.require("target", input.target());
        UUID account = caller.get().accountId();
        channels.update(account, id, input.name(), input.target(), input.enabled());
        Channel channel = channels.get(account, id);
        return View.of(channel, null, channels.confirmed(channel));
    }

    @APIResponse(responseCode = "204", description = "Deleted (also when it was already gone)")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        channels.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }

    @APIResponse(responseCode = "202", description = "A test message is queued; follow it in the delivery log", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestQueued.class)))
    @APIResponse(responseCode = "409", description = "The channel is not confirmed yet (type channel-unconfirmed)")
    @APIResponse(responseCode = "429", description = "The account, or this channel's address, had enough tests and replays this hour; see Retry-After (type rate-limited)")
    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") UUID id) {
        UUID delivery = channels.test(caller.get().accountId(), id);
        return Response.accepted(new TestQueued(delivery)).build();
    }
}
