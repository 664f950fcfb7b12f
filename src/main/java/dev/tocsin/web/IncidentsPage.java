package dev.tocsin.web;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentActions;
import dev.tocsin.incident.IncidentEvent;
import dev.tocsin.incident.LastResponses;
import dev.tocsin.notify.DeliveryLog;
import dev.tocsin.notify.DeliveryRecorder;
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
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Incidents of the signed-in account: the list, and one incident with its timeline, acknowledge and resolve. */
@Path("/app/incidents")
@Produces(MediaType.TEXT_HTML)
public class IncidentsPage {

    private static final int SHOWN = 100;
    private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");

    private final WebAuth auth;
    private final Forms forms;
    private final IncidentActions incidents;
    private final LastResponses lastResponses;
    private final DeliveryLog deliveries;
    private final DeliveryRecorder recorder;

    IncidentsPage(WebAuth auth, Forms forms, IncidentActions incidents, LastResponses lastResponses, DeliveryLog deliveries,
                  DeliveryRecorder recorder) {
        this.auth = auth;
        this.forms = forms;
        this.incidents = incidents;
        this.lastResponses = lastResponses;
        this.deliveries = deliveries;
        this.recorder = recorder;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(SignedIn me, List<Incident> incidents, String state);

        static native TemplateInstance detail(SignedIn me, Incident incident, List<IncidentEvent> timeline,
                                              LastResponses.LastResponse last, List<DeliveryLog.Entry> deliveries, String notice,
                                              String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("state") String state) {
        SignedIn me = auth.require();
        String filter = state != null && STATES.contains(state) ? state : null;
        return Templates.list(me, incidents.list(me.account().id, filter, null, SHOWN), filter);
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") UUID id, @QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        Incident incident = incidents.get(me.account().id, id);
        return Templates.detail(me, incident, incidents.timeline(id), lastResponses.of(incident).orElse(null),
                deliveries.list(me.account().id, id, null, SHOWN), Notices.text(notice), forms.token());
    }

    /** Replays one of the incident's deliveries and comes back to the incident. */
    @POST
    @Path("{id}/deliveries/{delivery}/retry")
    public Response retry(@PathParam("id") UUID id, @PathParam("delivery") UUID delivery, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        incidents.get(me.account().id, id);
        String notice = switch (recorder.replay(me.account().id, delivery)) {
            case NOT_FOUND -> throw ProblemException.notFound("No delivery " + delivery + ".");
            case IN_FLIGHT -> "retry-in-flight";
            case QUEUED -> "retry-queued";
        };
        return Response.seeOther(URI.create("/app/incidents/" + id + "?notice=" + notice)).build();
    }

    @POST
    @Path("{id}/acknowledge")
    public Response acknowledge(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        incidents.acknowledge(me.account().id, id, me.user().email);
        return Response.seeOther(URI.create("/app/incidents/" + id)).build();
    }

    @POST
    @Path("{id}/resolve")
    public Response resolve(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        incidents.resolve(me.account().id, id, me.user().email);
        return Response.seeOther(URI.create("/app/incidents/" + id)).build();
    }

    private SignedIn writer(String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at incidents but not acknowledge or resolve them.");
        }
        return me;
    }
}
