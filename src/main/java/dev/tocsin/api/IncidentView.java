package dev.tocsin.api;

import dev.tocsin.incident.Incident;
import dev.tocsin.incident.IncidentEvent;
import dev.tocsin.incident.LastResponses;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An incident as the API shows it; the timeline only on a single incident. */
@Schema(name = "Incident")
public record IncidentView(UUID id, String title, String state, String severity, String cause, String reason, String remedy,
        String provider, List<UUID> monitorIds, @Schema(description = "Monitors failing now") List<UUID> affectedMonitorIds,
        @Schema(description = "The vendor's own incident, when its status page confirms the problem") String vendorIncident,
        @Schema(description = "The status page that confirmed it, e.g. status.mistral.ai") String vendorPage,
        int signalCount, Instant firstSeenAt, Instant lastSeenAt, Instant acknowledgedAt, String acknowledgedBy,
        Instant resolvedAt, String resolvedBy, Instant createdAt, List<Entry> timeline,
        @Schema(description = "The last failed probe response (single incident only; null when no probe saw it)")
        LastResponses.LastResponse lastResponse) {

    /** One line of the timeline. */
    @Schema(name = "IncidentTimelineEntry")
    public record Entry(Instant at, String kind, UUID monitorId, String severity, String cause, String detail) {
        static Entry of(IncidentEvent e) {
            return new Entry(e.at, e.kind, e.monitorId, e.severity, e.cause, e.detail);
        }
    }

    static IncidentView of(Incident i, List<IncidentEvent> timeline) {
        return of(i, timeline, null);
    }

    static IncidentView of(Incident i, List<IncidentEvent> timeline, LastResponses.LastResponse lastResponse) {
        return new IncidentView(i.id, i.title, i.state, i.severity, i.cause, i.reason, i.remedy, i.provider, i.monitorIds,
                i.affectedIds, i.vendorIncident, i.vendorPage, i.signalCount, i.firstSeenAt, i.lastSeenAt, i.acknowledgedAt, i.acknowledgedBy,
                i.resolvedAt, i.resolvedBy, i.createdAt, timeline == null ? null : timeline.stream().map(Entry::of).toList(),
                lastResponse);
    }
}
