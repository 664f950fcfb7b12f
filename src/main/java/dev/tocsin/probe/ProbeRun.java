package dev.tocsin.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of one monitor, measured and judged, ready to be recorded. Timings are -1 for a phase that
 * did not happen (no TLS on http, no DNS for an address literal). {@code excerpt} is the start of the
 * body of a run that was not up, for alerts to quote; null otherwise.
 */
public record ProbeRun(UUID monitorId, UUID accountId, UUID targetId, Instant dueAt, Instant startedAt, boolean recheck,
        Verdict verdict, Integer httpStatus, int latencyMs, int dnsMs, int connectMs, int tlsMs, int firstByteMs,
        Map<String, String> rateLimit, Optional<Instant> tlsExpiresAt, Optional<Duration> retryAfter, String excerpt) {

    public ProbeRun {
        rateLimit = Map.copyOf(rateLimit);
    }
}
