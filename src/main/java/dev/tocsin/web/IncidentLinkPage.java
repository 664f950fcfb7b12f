package dev.tocsin.web;

import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Where the acknowledge link of an alert email lands: no sign-in needed, the signed link is the pass. */
@Path("/incidents/{id}/acknowledge")
@Produces(MediaType.TEXT_HTML)
public class IncidentLinkPage {

    private final IncidentLinks links;
    private final Forms forms;

    IncidentLinkPage(IncidentLinks links, Forms forms) {
        this.links = links;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirm(String csrf, String token, Incident incident);

        static native TemplateInstance done(Incident incident);
    }

    @GET
    public TemplateInstance confirm(@PathParam("id") UUID id, @QueryParam("token") String token) {
        Incident incident = links.incidentOf(id, token);
        return "open".equals(incident.state) ? Templates.confirm(forms.token(), token, incident) : Templates.done(incident);
    }

    @POST
    public TemplateInstance acknowledge(@PathParam("id") UUID id, @RestForm String token, @RestForm String csrf) {
        forms.verify(csrf);
        return Templates.done(links.acknowledge(id, token));
    }
}
