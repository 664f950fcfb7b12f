package dev.tocsin.monitor;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A monitor as a client describes it: every field optional. {@link MonitorRules} fills the gaps
 * from the catalog and the defaults, and says what is wrong, field by field.
 */
public record MonitorDraft(
        String name,
        MonitorType type,
        String provider,
        String url,
        String method,
        Map<String, String> headers,
        String credential,
        Integer intervalSeconds,
        Integer timeoutMs,
        List<Integer> expectStatus,
        Integer maxLatencyMs,
        String bodyContains,
        Integer tlsExpiryDays,
        Integer failureThreshold,
        Integer successThreshold,
        Integer flapThreshold,
        Integer flapWindowSeconds,
        List<String> components,
        List<String> models,
        List<String> tags,
        Boolean paused,
        @Schema(description = "Regions to probe from, e.g. [\"eu\",\"us\",\"ap\"]; empty: from any one node, as one probe")
        List<String> regions,
        @Schema(description = "How many of the regions must agree before DOWN or DEGRADED is confirmed; default a majority")
        Integer quorum) {

    /** A draft without regions. */
    public MonitorDraft(String name, MonitorType type, String provider, String url, String method, Map<String, String> headers,
                        String credential, Integer intervalSeconds, Integer timeoutMs, List<Integer> expectStatus,
                        Integer maxLatencyMs, String bodyContains, Integer tlsExpiryDays, Integer failureThreshold,
                        Integer successThreshold, Integer flapThreshold, Integer flapWindowSeconds, List<String> components,
                        List<String> models, List<String> tags, Boolean paused) {
        this(name, type, provider, url, method, headers, credential, intervalSeconds, timeoutMs, expectStatus, maxLatencyMs,
                bodyContains, tlsExpiryDays, failureThreshold, successThreshold, flapThreshold, flapWindowSeconds, components,
                models, tags, paused, null, null);
    }

    /** The draft of an existing monitor with its headers in clear, credential left out (it is never read back). */
    static MonitorDraft of(Monitor m, Map<String, String> headers) {
        return new MonitorDraft(m.name, m.type, m.provider, m.url, m.method, headers, null, m.intervalSeconds,
                m.timeoutMs, m.expectStatus, m.maxLatencyMs, m.bodyContains, m.tlsExpiryDays, m.failureThreshold,
                m.successThreshold, m.flapThreshold, m.flapWindowSeconds, m.components, m.models, m.tags, m.paused, m.regions,
                m.quorum);
    }
}
