package dev.tocsin.web;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.platform.TocsinConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The public front page: what Tocsin does, the providers it knows, what it costs. */
@Path("/")
public class HomePage {

    private final TocsinConfig config;
    private final Catalog catalog;

    HomePage(TocsinConfig config, Catalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(int trialDays, List<Provider> providers);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home() {
        return Templates.home(config.trialDays(), catalog.all());
    }
}
