package dev.tocsin.incident;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.notify.Alert;
import dev.tocsin.platform.TocsinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Freezes an incident, its first monitor and its account into the data of an alert message, as the
 * incident's next event: each event takes the next number of the incident's {@code event_sequence},
 * so a receiver can tell an old event retried late from the latest one.
 */
@ApplicationScoped
class AlertData {

    private final TocsinConfig config;
    private final Catalog catalog;
    private final IncidentLinks links;
    private final LastResponses lastResponses;
    private final EntityManager em;

    AlertData(TocsinConfig config, Catalog catalog, IncidentLinks links, LastResponses lastResponses, EntityManager em) {
        this.config = config;
        this.catalog = catalog;
        this.links = links;
        this.lastResponses = lastResponses;
        this.em = em;
    }

    /**
     * The data of the incident's next alert event. The counter is bumped in the caller's transaction: the
     * update holds the incident's row until commit, so concurrent events of one incident, on any node,
     * get increasing numbers in the order they commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Alert next(Incident incident) {
        long sequence = ((Number) em.createNativeQuery(
                        "update incidents set event_sequence = event_sequence + 1 where id = ?1 returning event_sequence")
                .setParameter(1, incident.id).getSingleResult()).longValue();
        return of(incident, sequence);
    }

    private Alert of(Incident incident, long sequence) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", incident.id);
        i.put("sequence", sequence);
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
        i.put("lastResponse", lastResponses.of(incident).map(AlertData::lastResponse).orElse(null));
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

    private static Map<String, Object> lastResponse(LastResponses.LastResponse last) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", last.at().toString());
        map.put("httpStatus", last.httpStatus());
        map.put("latencyMs", last.latencyMs());
        map.put("excerpt", last.excerpt());
        return map;
    }
}
