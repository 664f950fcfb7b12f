package dev.tocsin.incident;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.notify.Alert;
import dev.tocsin.platform.TocsinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Freezes an incident, its first monitor and its account into the data of an alert message. */
@ApplicationScoped
public class AlertData {

    /** How far before an incident's first signal its failing runs may lie (the runs that confirmed it). */
    private static final Duration LAST_RESPONSE_LOOKBACK = Duration.ofHours(1);

    private final TocsinConfig config;
    private final Catalog catalog;
    private final IncidentLinks links;
    private final EntityManager em;

    AlertData(TocsinConfig config, Catalog catalog, IncidentLinks links, EntityManager em) {
        this.config = config;
        this.catalog = catalog;
        this.links = links;
        this.em = em;
    }

    public Alert of(Incident incident) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", incident.id);
        i.put("title", incident.title);
        i.put("state", incident.state);
        i.put("severity", incident.severity);
        i.put("cause", incident.cause);
        i.put("reason", incident.reason);
        i.put("remedy", incident.remedy);
        i.put("vendorIncident", incident.vendorIncident);
        i.put("vendorPage", incident.vendorPage);
        i.put("signalCount", incident.signalCount);
        i.put("monitorCount", incident.monitorIds.size());
        i.put("firstSeenAt", incident.firstSeenAt.toString());
        i.put("lastSeenAt", incident.lastSeenAt.toString());
        i.put("acknowledgedAt", incident.acknowledgedAt == null ? null : incident.acknowledgedAt.toString());
        i.put("resolvedAt", incident.resolvedAt == null ? null : incident.resolvedAt.toString());
        i.put("url", config.publicUrl() + "/app/incidents/" + incident.id);
        Map<String, Object> monitor = new LinkedHashMap<>();
        UUID first = incident.monitorIds.isEmpty() ? null : incident.monitorIds.get(0);
        Monitor m = first == null ? null : Monitor.findById(first);
        // What the alert is about, in the words of a subject line: "Mistral AI API", or the monitor's name.
        i.put("subject", Optional.ofNullable(incident.provider).flatMap(catalog::find).map(p -> p.name() + " API")
                .orElse(m == null ? incident.title : m.name));
        if (incident.isOpen()) {
            i.put("acknowledgeUrl", links.acknowledgeUrl(incident.id));
        }
        UUID failing = incident.affectedIds.isEmpty() ? first : incident.affectedIds.get(0);
        i.put("lastResponse", failing == null ? null : lastFailedResponse(failing, incident.firstSeenAt.minus(LAST_RESPONSE_LOOKBACK)));
        if (m != null) {
            monitor.put("id", m.id);
            monitor.put("name", m.name);
            monitor.put("type", m.type.code());
            monitor.put("provider", m.provider);
            monitor.put("url", m.url);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("incident", i);
        data.put("monitor", monitor);
        data.put("account", Map.of("id", incident.accountId));
        return new Alert(incident.accountId, incident.id, incident.monitorIds, incident.provider, incident.tags,
                incident.severity, data);
    }

    /**
     * The monitor's latest probe run that was not up, since {@code since}: what the alert quotes as the last
     * response; null if none. The bound keeps the index scan to this incident's runs, not a week of good ones.
     */
    private Map<String, Object> lastFailedResponse(UUID monitorId, Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select started_at, http_status, latency_ms, body_excerpt from probe_results
                where monitor_id = ?1 and started_at >= ?2 and outcome <> 'up'
                order by started_at desc, id desc limit 1""", Object[].class)
                .setParameter(1, monitorId).setParameter(2, since).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("at", r[0].toString());
        last.put("httpStatus", r[1]);
        last.put("latencyMs", r[2]);
        last.put("excerpt", r[3]);
        return last;
    }
}
