package dev.tocsin.signal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A confirmed observation (product.md §1): about one monitor, from a probe or a status page; or about
 * the customer's own calls to one provider, from a usage rule. {@code severity} {@code ok} says the
 * condition named by {@code cause} has cleared.
 *
 * <p>A usage signal has no monitor: its {@code subject} is the provider (a catalog id or the customer's
 * own name) and its {@code monitorId} a stable id derived from the account and that provider
 * ({@link #usageSubjectId}), so the incident service can count it among what an incident affects.
 */
public record Signal(UUID id, UUID accountId, UUID monitorId, Source source, Severity severity, String cause,
        String reason, String remedy, Instant observedAt, String subject) {

    /** A signal about a monitor. */
    public Signal(UUID id, UUID accountId, UUID monitorId, Source source, Severity severity, String cause,
                  String reason, String remedy, Instant observedAt) {
        this(id, accountId, monitorId, source, severity, cause, reason, remedy, observedAt, null);
    }

    /** The stand-in monitor id of the customer's own calls to one provider. */
    public static UUID usageSubjectId(UUID accountId, String provider) {
        return UUID.nameUUIDFromBytes(("usage|" + accountId + "|" + provider).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether this signal comes from the customer's own calls rather than a monitor. */
    public boolean aboutUsage() {
        return source == Source.USAGE;
    }

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
        if (source == Source.USAGE) {
            Objects.requireNonNull(subject, "subject");
        }
    }

    public enum Source {
        PROBE, STATUSPAGE, USAGE,
        /** One region's view of a regioned monitor that does not reach its quorum: a note on the timeline, never an incident. */
        REGION;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
