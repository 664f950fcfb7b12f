package dev.tocsin.incident;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.notify.Alert;
import dev.tocsin.platform.TocsinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Freezes an incident, its first monitor and its account into the data of an alert message. */
@ApplicationScoped
public class AlertData {

    private final TocsinConfig config;

    AlertData(TocsinConfig config) {
        this.config = config;
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
}
