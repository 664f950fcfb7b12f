package dev.tocsin.probe;

import dev.tocsin.monitor.MonitorType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the engine needs of one monitor to probe it and judge the answer. The credential and the sealed
 * headers stay encrypted until the request is built; {@code headers} holds the readable column, which is
 * what is sent only for a row not sealed yet.
 */
public record ProbeSpec(UUID monitorId, UUID accountId, MonitorType type, String provider, URI url, String method,
        Map<String, String> headers, byte[] credential, int timeoutMs, List<Integer> expectStatus, int maxLatencyMs,
        String bodyContains, int tlsExpiryDays, List<String> models, byte[] sealedHeaders, int intervalSeconds) {
}
