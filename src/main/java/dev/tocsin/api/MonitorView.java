package dev.tocsin.api;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.SealedHeaders;
import dev.tocsin.probe.region.RegionViews;
import dev.tocsin.statuspage.poll.PageView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A monitor as the API shows it. The credential is write-only: only whether one is set shows. */
@Schema(name = "Monitor")
public record MonitorView(
        UUID id, String name, MonitorType type, String provider, String url, String method,
        @Schema(description = "Header names with masked values (…XXXX); the values are write-only") Map<String, String> headers,
        @Schema(description = "Whether a credential is stored; the credential itself is never returned") boolean hasCredential,
        int intervalSeconds, int timeoutMs,
        @Schema(description = "Accepted status codes; empty means any 2xx") List<Integer> expectStatus,
        int maxLatencyMs, String bodyContains, int tlsExpiryDays, int failureThreshold, int successThreshold,
        int flapThreshold, int flapWindowSeconds, List<String> components, List<String> models, List<String> tags,
        boolean paused,
        @Schema(description = "Regions it is probed from; empty: one probe from any node") List<String> regions,
        @Schema(description = "How many regions must agree to confirm DOWN or DEGRADED; null without regions") Integer quorum,
        @Schema(description = "Each region's own view; empty without regions") List<RegionViews.RegionStatus> regionStatus,
        MonitorStatus status, Instant lastCheckedAt, Instant createdAt, Instant updatedAt,
        @Schema(description = "The vendor status page the monitor watches and that page's own condition (pending, ok, "
                + "unreachable, unreadable); null for http monitors") PageView statusPage) {

    static MonitorView of(Monitor m, PageView statusPage, List<RegionViews.RegionStatus> regionStatus) {
        return new MonitorView(m.id, m.name, m.type, m.provider, m.url, m.method, SealedHeaders.shown(m), m.credential != null,
                m.intervalSeconds, m.timeoutMs, m.expectStatus, m.maxLatencyMs, m.bodyContains, m.tlsExpiryDays,
                m.failureThreshold, m.successThreshold, m.flapThreshold, m.flapWindowSeconds, m.components, m.models,
                m.tags, m.paused, m.regions, m.quorum, regionStatus == null ? List.of() : regionStatus, m.status, m.lastCheckedAt, m.createdAt, m.updatedAt, statusPage);
    }
}
