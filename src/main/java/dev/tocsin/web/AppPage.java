package dev.tocsin.web;

import dev.tocsin.account.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;

/** The signed-in user's landing page. */
@Path("/app")
@Produces(MediaType.TEXT_HTML)
public class AppPage {

    private final WebAuth auth;
    private final Forms forms;
    private final Clock clock;

    AppPage(WebAuth auth, Forms forms, Clock clock) {
        this.auth = auth;
        this.forms = forms;
        this.clock = clock;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance app(SignedIn me, long trialDaysLeft, String notice, String csrf);
    }

    @GET
    public TemplateInstance home(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        long daysLeft = me.account().trialEndsAt == null ? 0
                : Math.max(0, Duration.between(clock.instant(), me.account().trialEndsAt).toHours() + 23) / 24;
        return Templates.app(me, daysLeft, Notices.text(notice), forms.token());
    }
}
