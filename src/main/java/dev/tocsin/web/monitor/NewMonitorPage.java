package dev.tocsin.web.monitor;

import dev.tocsin.account.Entitlements;
import dev.tocsin.account.session.SignedIn;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.MonitorRules;
import dev.tocsin.monitor.Regions;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.statuspage.Component;
import dev.tocsin.statuspage.poll.PageDetection;
import dev.tocsin.statuspage.poll.PageRef;
import dev.tocsin.web.Forms;
import dev.tocsin.web.WebAuth;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adding a monitor: the catalog picker (a provider and its key are enough), a custom HTTP check, or a
 * vendor's status page with the components the page itself lists. The draft goes to {@link Monitors}, as
 * the API's does, and the rules' errors come back next to each field.
 */
@Path("/app/monitors")
@Produces(MediaType.TEXT_HTML)
public class NewMonitorPage {

    private final Regions regions;
    private final WebAuth auth;
    private final Forms forms;
    private final Monitors monitors;
    private final Catalog catalog;
    private final Entitlements entitlements;
    private final PageDetection detection;

    NewMonitorPage(WebAuth auth, Forms forms, Monitors monitors, Catalog catalog, Entitlements entitlements, PageDetection detection,
                   Regions regions) {
        this.regions = regions;
        this.auth = auth;
        this.forms = forms;
        this.monitors = monitors;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.detection = detection;
    }

    /** What the form page needs besides the form: the provider picked, the status page found. */
    /** @param regions the regions a monitor may be probed from, when there is a choice (more than one offered) */
    public record Context(Provider provider, String platform, List<Component> pageComponents, String action, String submit,
                          boolean editing, List<String> regions) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance picker(SignedIn me, List<Provider> providers);

        static native TemplateInstance form(SignedIn me, MonitorForm form, Map<String, String> errors, Context ctx, String csrf);
    }

    @GET
    @Path("new")
    public TemplateInstance start(@QueryParam("provider") String provider, @QueryParam("type") String type,
                                  @QueryParam("url") String url) {
        SignedIn me = writer();
        Optional<Provider> picked = provider == null ? Optional.empty() : catalog.find(provider);
        if (picked.isEmpty() && !"http".equals(type) && !"statuspage".equals(type)) {
            return Templates.picker(me, catalog.all());
        }
        MonitorType kind = picked.isPresent() ? MonitorType.PROVIDER : "http".equals(type) ? MonitorType.HTTP : MonitorType.STATUSPAGE;
        MonitorForm form = MonitorForm.defaults(defaults(me, kind, picked.map(Provider::id).orElse(null)));
        Map<String, String> errors = new LinkedHashMap<>();
        Context ctx = context(picked.orElse(null), null, List.of());
        if (kind == MonitorType.STATUSPAGE && url != null && !url.isBlank()) {
            form.url = url.strip();
            ctx = detect(form.url, errors);
        }
        return Templates.form(me, form, errors, ctx, forms.token());
    }

    @POST
    public Response create(@BeanParam MonitorForm form) {
        forms.verify(form.csrf);
        SignedIn me = writer();
        MonitorForm.Parsed parsed = form.draft(null, null, false);
        Map<String, String> errors = new LinkedHashMap<>(parsed.errors());
        if (!errors.isEmpty()) {
            // Say everything that is wrong at once, not only what the form itself could see.
            MonitorForm.fieldErrors(MonitorRules.resolve(parsed.draft(), catalog::find, false, MonitorRules.MIN_INTERVAL_SECONDS).errors())
                    .forEach(errors::putIfAbsent);
        }
        Provider provider = form.provider == null ? null : catalog.find(form.provider).orElse(null);
        Context ctx = context(provider, null, List.of());
        if (parsed.draft().type() == MonitorType.STATUSPAGE && errors.isEmpty()) {
            ctx = detect(parsed.draft().url(), errors);
        }
        if (errors.isEmpty()) {
            try {
                Monitor created = monitors.create(me.account().id, parsed.draft());
                return Response.seeOther(URI.create("/app/monitors/" + created.id + "?notice=monitor-created")).build();
            } catch (ProblemException e) {
                errors.putAll(Failures.errors(e));
            }
        }
        form.credential = null;
        return Response.status(400).entity(Templates.form(me, form, errors, ctx, forms.token())).build();
    }

    /** Detects the page's platform and reads its components; a page Tocsin cannot read is an error at the URL. */
    private Context detect(String url, Map<String, String> errors) {
        try {
            Optional<PageRef> ref = detection.detect(url);
            if (ref.isEmpty()) {
                errors.put("url", "URL must be an http(s) address such as https://status.example.com");
                return context(null, null, List.of());
            }
            return context(null, ref.get().platform().code(), detection.components(ref.get()));
        } catch (ProblemException e) {
            errors.put("url", e.toProblem().detail());
            return context(null, null, List.of());
        }
    }

    private MonitorDraft defaults(SignedIn me, MonitorType kind, String provider) {
        int planMin = entitlements.limits(me.account().id).map(Entitlements.Limits::minIntervalSeconds)
                .orElse(MonitorRules.MIN_INTERVAL_SECONDS);
        MonitorDraft sketch = new MonitorDraft(null, kind, provider, null, null, null, provider == null ? null : "-", null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
        return MonitorRules.resolve(sketch, catalog::find, false, planMin).monitor();
    }

    private Context context(Provider provider, String platform, List<Component> components) {
        return new Context(provider, platform, components, "/app/monitors", "Add monitor", false, choosable(regions));
    }

    /** The regions to offer on the form: none when there is no choice to make. */
    static List<String> choosable(Regions regions) {
        List<String> offered = regions.offeredInOrder();
        return offered.size() > 1 ? offered : List.of();
    }

    private SignedIn writer() {
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at monitors but not add them.");
        }
        return me;
    }
}
