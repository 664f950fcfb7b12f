package dev.tocsin.web.monitor;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentActions;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.monitor.Regions;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.probe.History;
import dev.tocsin.probe.ProbeResults;
import dev.tocsin.probe.region.RegionViews;
import dev.tocsin.statuspage.StatusSnapshot;
import dev.tocsin.statuspage.poll.PageDetection;
import dev.tocsin.statuspage.poll.PageView;
import dev.tocsin.statuspage.poll.StatusPageSubscriptions;
import dev.tocsin.web.Forms;
import dev.tocsin.web.Notices;
import dev.tocsin.web.WebAuth;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * One monitor: its state and since when, uptime over 24 h, 7 d and 30 d, the latency chart, recent runs
 * with their decoded cause, its incidents; and changing, pausing, resuming and deleting it. The figures
 * and the chart come from {@link History}: two statements whatever the number of runs.
 */
@Path("/app/monitors/{id: [0-9a-fA-F-]{36}}")
@Produces(MediaType.TEXT_HTML)
public class MonitorPage {

    private static final int RECENT = 25;

    private final WebAuth auth;
    private final Forms forms;
    private final Monitors monitors;
    private final History history;
    private final ProbeResults results;
    private final IncidentActions incidents;
    private final StatusPageSubscriptions pages;
    private final PageDetection detection;
    private final Catalog catalog;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final RegionViews regionViews;
    private final Regions regions;

    MonitorPage(WebAuth auth, Forms forms, Monitors monitors, History history, ProbeResults results, IncidentActions incidents,
                StatusPageSubscriptions pages, PageDetection detection, Catalog catalog, Clock clock,
                com.fasterxml.jackson.databind.ObjectMapper json, RegionViews regionViews, Regions regions) {
        this.regions = regions;
        this.json = json;
        this.regionViews = regionViews;
        this.auth = auth;
        this.forms = forms;
        this.monitors = monitors;
        this.history = history;
        this.results = results;
        this.incidents = incidents;
        this.pages = pages;
        this.detection = detection;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The page's figures: uptime per window (null without runs) and the chart of the chosen range. */
    public record Figures(Double uptime24h, Double uptime7d, Double uptime30d, long checks24h, Chart chart) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance monitor(SignedIn me, Monitor monitor, History.Condition condition, Figures figures,
                                               List<ProbeResults.Result> recent, ProbeResults.Result lastFailure,
                                               List<Incident> incidents, PageView page, StatusSnapshot snapshot,
                                               List<RegionViews.RegionStatus> regions, String range, String notice, String csrf);

        static native TemplateInstance edit(SignedIn me, Monitor monitor, MonitorForm form, Map<String, String> errors,
                                            NewMonitorPage.Context ctx, String csrf);

        static native TemplateInstance delete(SignedIn me, Monitor monitor, String csrf);
    }

    @GET
    public TemplateInstance show(@PathParam("id") UUID id, @QueryParam("range") String range, @QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        Monitor monitor = monitors.get(me.account().id, id);
        Instant now = clock.instant();
        boolean week = "7d".equals(range);
        List<History.Bucket> hourly = history.hourly(List.of(id), Duration.ofDays(30), true).getOrDefault(id, List.of());
        List<History.Bucket> day = week ? List.of() : history.fine(id, Duration.ofHours(24), Duration.ofMinutes(10));
        Instant dayAgo = now.minus(Duration.ofHours(24));
        long checks = hourly.stream().filter(b -> !b.at().isBefore(dayAgo.truncatedTo(java.time.temporal.ChronoUnit.HOURS)))
                .mapToLong(History.Bucket::probes).sum();
        Figures figures = new Figures(History.uptime(hourly, dayAgo), History.uptime(hourly, now.minus(Duration.ofDays(7))),
                History.uptime(hourly, now.minus(Duration.ofDays(30))), checks,
                week ? Chart.of(hourly.stream().filter(b -> !b.at().isBefore(now.minus(Duration.ofDays(7)))).toList(),
                        now.minus(Duration.ofDays(7)), now) : Chart.of(day, dayAgo, now));
        List<ProbeResults.Result> recent = results.list(id, now.minus(Duration.ofDays(7)), now.plusSeconds(1), null, RECENT);
        ProbeResults.Result lastFailure = recent.stream().filter(r -> r.excerpt() != null).findFirst().orElse(null);
        PageView page = monitor.type == MonitorType.PROVIDER || monitor.type == MonitorType.STATUSPAGE
                ? pages.views(me.account().id, List.of(id)).get(id) : null;
        StatusSnapshot snapshot = page == null ? null : pages.snapshot(me.account().id, id).orElse(null);
        return Templates.monitor(me, monitor, history.conditions(List.of(id)).get(id), figures, recent, lastFailure,
                incidents.ofMonitor(me.account().id, id, 10), page, snapshot, regionViews.of(List.of(id)).getOrDefault(id, List.of()),
                week ? "7d" : "24h", Notices.text(notice), forms.token());
    }

    @GET
    @Path("edit")
    public TemplateInstance edit(@PathParam("id") UUID id) {
        SignedIn me = writer();
        Monitor monitor = monitors.get(me.account().id, id);
        return Templates.edit(me, monitor, MonitorForm.of(monitor, monitors.headers(monitor)), Map.of(), context(monitor), forms.token());
    }

    @POST
    public Response save(@PathParam("id") UUID id, @BeanParam MonitorForm form) {
        forms.verify(form.csrf);
        SignedIn me = writer();
        Monitor monitor = monitors.get(me.account().id, id);
        form.type = monitor.type.code();
        form.provider = monitor.provider;
        java.util.Map<String, String> storedHeaders = monitors.headers(monitor);
        MonitorForm.Parsed parsed = form.draft(monitor, storedHeaders, monitor.paused);
        Map<String, String> errors = new LinkedHashMap<>(parsed.errors());
        if (errors.isEmpty()) {
            try {
                if (monitor.type == MonitorType.STATUSPAGE && !parsed.draft().url().equals(monitor.url)) {
                    detection.detect(parsed.draft().url());
                }
                // The form carries every field; a credential left empty and the masked header values shown
                // are not changes, so they stay out of the patch (a stored secret is kept, never overwritten).
                com.fasterxml.jackson.databind.node.ObjectNode change = json.valueToTree(parsed.draft());
                if (parsed.draft().credential() == null) {
                    change.remove("credential");
                }
                if (java.util.Objects.equals(parsed.draft().headers(), storedHeaders)) {
                    change.remove("headers");
                }
                if (form.regionsShown == null) {
                    // The form had no choice of regions (one offered): it leaves them as they are.
                    change.remove("regions");
                    change.remove("quorum");
                }
                monitors.update(me.account().id, id, new dev.tocsin.monitor.MonitorPatch(change, json));
                return Response.seeOther(URI.create("/app/monitors/" + id + "?notice=monitor-saved")).build();
            } catch (ProblemException e) {
                errors.putAll(Failures.errors(e));
            }
        }
        form.credential = null;
        return Response.status(400).entity(Templates.edit(me, monitor, form, errors, context(monitor), forms.token())).build();
    }

    @POST
    @Path("pause")
    public Response pause(@PathParam("id") UUID id, @RestForm String csrf) {
        return paused(id, csrf, true);
    }

    @POST
    @Path("resume")
    public Response resume(@PathParam("id") UUID id, @RestForm String csrf) {
        return paused(id, csrf, false);
    }

    /** Without script, delete asks on a page of its own. */
    @GET
    @Path("delete")
    public TemplateInstance confirmDelete(@PathParam("id") UUID id) {
        SignedIn me = writer();
        return Templates.delete(me, monitors.get(me.account().id, id), forms.token());
    }

    @POST
    @Path("delete")
    public Response delete(@PathParam("id") UUID id, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = writer();
        monitors.delete(me.account().id, id);
        return Response.seeOther(URI.create("/app?notice=monitor-deleted")).build();
    }

    private Response paused(UUID id, String csrf, boolean paused) {
        forms.verify(csrf);
        SignedIn me = writer();
        try {
            monitors.setPaused(me.account().id, id, paused);
        } catch (ProblemException e) {
            if (e.toProblem().status() == 404) {
                throw e;
            }
            // A resume the plan does not allow: say so on the monitor's page.
            return Response.seeOther(URI.create("/app/monitors/" + id + "?notice=resume-refused")).build();
        }
        return Response.seeOther(URI.create("/app/monitors/" + id + "?notice=" + (paused ? "monitor-paused" : "monitor-resumed"))).build();
    }

    private NewMonitorPage.Context context(Monitor monitor) {
        return new NewMonitorPage.Context(monitor.provider == null ? null : catalog.find(monitor.provider).orElse(null), null,
                List.of(), "/app/monitors/" + monitor.id, "Save changes", true, NewMonitorPage.choosable(regions));
    }

    private SignedIn writer() {
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at monitors but not change them.");
        }
        return me;
    }
}
