package dev.tocsin.signal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A confirmed observation about one monitor (product.md §1): from a probe, a status page or a usage
 * rule. {@code severity} {@code ok} says the condition named by {@code cause} has cleared.
 */
public record Signal(UUID id, UUID accountId, UUID monitorId, Source source, Severity severity, String cause,
        String reason, String remedy, Instant observedAt) {

    /**
     * The cause of a flapping signal: failure episodes too short to confirm an outage, too many to ignore.
     * No single probe run has it; the probe engine's confirmation raises it and the incident service reads it.
     */
    public static final String FLAPPING = "flapping";

    public Signal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    public enum Source {
        PROBE, STATUSPAGE, USAGE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
