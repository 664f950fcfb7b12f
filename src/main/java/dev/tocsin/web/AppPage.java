package dev.tocsin.web;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.Monitors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/** The signed-in user's landing page: the account at a glance and its monitors. */
@Path("/app")
@Produces(MediaType.TEXT_HTML)
public class AppPage {

    private static final int SHOWN_MONITORS = 50;

    private final WebAuth auth;
    private final Forms forms;
    private final Monitors monitors;
    private final Clock clock;

    AppPage(WebAuth auth, Forms forms, Monitors monitors, Clock clock) {
        this.auth = auth;
        this.forms = forms;
        this.monitors = monitors;
        this.clock = clock;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance app(SignedIn me, List<Monitor> monitors, long monitorCount, String notice, String csrf);
    }

    @GET
    public TemplateInstance home(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        List<Monitor> shown = monitors.list(me.account().id, null, SHOWN_MONITORS);
        return Templates.app(me, shown, monitors.count(me.account().id), Notices.text(notice), forms.token());
    }
}
