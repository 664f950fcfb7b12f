package dev.tocsin.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of one monitor, measured and judged, ready to be recorded. Timings are -1 for a phase that
 * did not happen (no TLS on http, no DNS for an address literal). {@code excerpt} is the start of the
 * body of a run that was not up, for alerts to quote; null otherwise. {@code region} is where it was probed
 * from, null for a monitor without regions.
 */
public record ProbeRun(UUID monitorId, UUID accountId, UUID targetId, Instant dueAt, Instant startedAt, boolean recheck,
        Verdict verdict, Integer httpStatus, int latencyMs, int dnsMs, int connectMs, int tlsMs, int firstByteMs,
        Map<String, String> rateLimit, Optional<Instant> tlsExpiresAt, Optional<Duration> retryAfter, String excerpt,
        String region) {

    public ProbeRun {
        rateLimit = Map.copyOf(rateLimit);
    }

    /** A run of a monitor without regions. */
    public ProbeRun(UUID monitorId, UUID accountId, UUID targetId, Instant dueAt, Instant startedAt, boolean recheck,
                    Verdict verdict, Integer httpStatus, int latencyMs, int dnsMs, int connectMs, int tlsMs, int firstByteMs,
                    Map<String, String> rateLimit, Optional<Instant> tlsExpiresAt, Optional<Duration> retryAfter, String excerpt) {
        this(monitorId, accountId, targetId, dueAt, startedAt, recheck, verdict, httpStatus, latencyMs, dnsMs, connectMs, tlsMs,
                firstByteMs, rateLimit, tlsExpiresAt, retryAfter, excerpt, null);
    }
}
