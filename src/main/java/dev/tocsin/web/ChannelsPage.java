package dev.tocsin.web;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.notify.DeliveryLog;
import dev.tocsin.notify.DeliveryRecorder;
import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.Channels;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The account's alert channels (add, test) and the recent deliveries with every attempt (replay). */
@Path("/app/channels")
@Produces(MediaType.TEXT_HTML)
public class ChannelsPage {

    private static final int SHOWN = 50;

    private final WebAuth auth;
    private final Forms forms;
    private final Channels channels;
    private final DeliveryLog deliveries;
    private final DeliveryRecorder recorder;

    ChannelsPage(WebAuth auth, Forms forms, Channels channels, DeliveryLog deliveries, DeliveryRecorder recorder) {
        this.auth = auth;
        this.forms = forms;
        this.channels = channels;
        this.deliveries = deliveries;
        this.recorder = recorder;
    }

    /** A channel as the page lists it. */
    public record Row(Channel channel, boolean confirmed) {
        /** The target as people may see it: Slack, Discord and PagerDuty targets masked. */
        public String target() {
            return Channels.shown(channel);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance channels(SignedIn me, List<Row> channels, List<DeliveryLog.Entry> deliveries, String secret,
                                                String error, String notice, String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        return page(me, null, null, Notices.text(notice));
    }

    @POST
    public Response add(@RestForm String type, @RestForm String target, @RestForm String name, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        try {
            Channels.Created created = channels.create(me.account().id, me.user().id, blankToNull(name), type, target, true);
            if (created.needsConfirmation()) {
                return Response.seeOther(URI.create("/app/channels?notice=channel-confirm-sent")).build();
            }
            if (created.secret() != null) {
                // The secret is shown on this answer only, never again.
                return Response.ok(page(me, created.secret(), null, null)).build();
            }
            return Response.seeOther(URI.create("/app/channels?notice=channel-added")).build();
        } catch (ProblemException e) {
            Response.ResponseBuilder answer = Response.status(e.toProblem().status()).entity(page(me, null, e.toProblem().detail(), null));
            if (e instanceof dev.tocsin.platform.problem.RateLimitedException limited) {
                answer.header("Retry-After", limited.retryAfterSeconds());
            }
            return answer.build();
        }
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        channels.test(me.account().id, id);
        return Response.seeOther(URI.create("/app/channels?notice=test-queued")).build();
    }

    @POST
    @Path("deliveries/{id}/retry")
    public Response retry(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        String notice = switch (recorder.replay(me.account().id, id)) {
            case NOT_FOUND -> throw ProblemException.notFound("No delivery " + id + ".");
            case IN_FLIGHT -> "retry-in-flight";
            case QUEUED -> "retry-queued";
        };
        return Response.seeOther(URI.create("/app/channels?notice=" + notice)).build();
    }

    private TemplateInstance page(SignedIn me, String secret, String error, String notice) {
        List<Row> rows = channels.list(me.account().id, null, SHOWN).stream().map(c -> new Row(c, channels.confirmed(c))).toList();
        return Templates.channels(me, rows, deliveries.list(me.account().id, null, null, SHOWN), secret, error, notice, forms.token());
    }

    private SignedIn writer(String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at channels but not change them.");
        }
        return me;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
