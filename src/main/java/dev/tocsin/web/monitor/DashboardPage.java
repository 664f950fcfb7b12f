package dev.tocsin.web.monitor;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentActions;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.probe.History;
import dev.tocsin.web.Forms;
import dev.tocsin.web.Notices;
import dev.tocsin.web.WebAuth;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The signed-in user's landing page: open incidents on top, then one row per monitor, worst first, with
 * its 24 h uptime and sparkline read from {@link History} in one statement for all monitors.
 */
@Path("/app")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    /** Far above a plan's limit; an account past it sees the first ones and a pointer to the API. */
    static final int MAX_SHOWN = 2_000;
    private static final Comparator<Monitor> WORST_FIRST = Comparator.<Monitor>comparingInt(m -> switch (m.status) {
        case DOWN -> 0;
        case DEGRADED -> 1;
        case PENDING -> 2;
        case UP -> 3;
        case PAUSED -> 4;
    }).thenComparing(m -> m.name.toLowerCase(java.util.Locale.ROOT));

    private final WebAuth auth;
    private final Forms forms;
    private final Monitors monitors;
    private final IncidentActions incidents;
    private final History history;
    private final Clock clock;

    DashboardPage(WebAuth auth, Forms forms, Monitors monitors, IncidentActions incidents, History history, Clock clock) {
        this.auth = auth;
        this.forms = forms;
        this.monitors = monitors;
        this.incidents = incidents;
        this.history = history;
        this.clock = clock;
    }

    /** One dashboard row. */
    public record Row(Monitor monitor, Double uptime, Sparkline spark, Instant since, String cause) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(SignedIn me, List<Row> rows, long total, Map<MonitorStatus, Integer> counts,
                                                 List<Incident> open, List<String> tags, String tag, String status, String query,
                                                 String notice, String csrf);
    }

    @GET
    public TemplateInstance home(@QueryParam("notice") String notice, @QueryParam("tag") String tag,
                                 @QueryParam("status") String status) {
        SignedIn me = auth.require();
        UUID account = me.account().id;
        List<Monitor> all = monitors.list(account, null, MAX_SHOWN);
        Map<MonitorStatus, Integer> counts = new EnumMap<>(MonitorStatus.class);
        TreeSet<String> tags = new TreeSet<>();
        for (Monitor m : all) {
            counts.merge(m.status, 1, Integer::sum);
            tags.addAll(m.tags);
        }
        String tagFilter = tag != null && tags.contains(tag) ? tag : null;
        MonitorStatus statusFilter = parse(status);
        List<Monitor> shown = all.stream()
                .filter(m -> tagFilter == null || m.tags.contains(tagFilter))
                .filter(m -> statusFilter == null || m.status == statusFilter)
                .sorted(WORST_FIRST).toList();
        List<UUID> ids = shown.stream().map(m -> m.id).toList();
        Map<UUID, List<History.Bucket>> buckets = history.hourly(ids, Duration.ofHours(Sparkline.HOURS), false);
        Map<UUID, History.Condition> conditions = history.conditions(ids);
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>(shown.size());
        for (Monitor m : shown) {
            List<History.Bucket> b = buckets.getOrDefault(m.id, List.of());
            History.Condition c = conditions.get(m.id);
            rows.add(new Row(m, History.uptime(b, now.minus(Duration.ofHours(24))), Sparkline.of(b, now),
                    c == null ? null : c.since(), c == null ? null : c.lastReason()));
        }
        List<Incident> open = new ArrayList<>(incidents.list(account, "open", null, 10));
        open.addAll(incidents.list(account, "acknowledged", null, 10));
        String query = (tagFilter == null ? "" : "tag=" + java.net.URLEncoder.encode(tagFilter, java.nio.charset.StandardCharsets.UTF_8))
                + (statusFilter == null ? "" : (tagFilter == null ? "" : "&") + "status=" + statusFilter.code());
        return Templates.dashboard(me, rows, monitors.count(account), counts, open, List.copyOf(tags), tagFilter,
                statusFilter == null ? null : statusFilter.code(), query, Notices.text(notice), forms.token());
    }

    private static MonitorStatus parse(String status) {
        for (MonitorStatus s : MonitorStatus.values()) {
            if (s.code().equals(status)) {
                return s;
            }
        }
        return null;
    }
}
