package dev.tocsin.web;

import dev.tocsin.platform.TocsinConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public front page: what Tocsin is and what it costs. */
@Path("/")
public class HomePage {

    private final TocsinConfig config;

    HomePage(TocsinConfig config) {
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(int trialDays);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home() {
        return Templates.home(config.trialDays());
    }
}
