package dev.tocsin.incident;

import dev.tocsin.signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What one signal does to the incidents of its key (product.md §4), as a pure function of what the
 * database holds for that key, so that every rule has a named table test. The caller holds the key's
 * lock and applies the decision in the same transaction.
 */
public final class IncidentPolicy {

    private IncidentPolicy() {
    }

    /** The open (or acknowledged) incident of the key. */
    public record Open(UUID id, Severity severity, int affectedMonitors, boolean monitorAffected, boolean vendorOpen) {
    }

    /** The most recently resolved incident of the key. */
    public record Recent(UUID id, Instant resolvedAt, Instant alertedAt) {
    }

    public enum Action {
        /** A new incident. */
        OPEN,
        /** The recent incident again, within the flap window. */
        REOPEN,
        /** Counted into the open incident. */
        FOLD,
        /** Counted in, and the incident is now worse (degraded to down). */
        RAISE,
        /** One monitor (or the vendor) recovered; others still fail. */
        CLEAR_PART,
        /** Nothing fails any more. */
        RESOLVE,
        /** Inside a maintenance window: on the timeline only. */
        SUPPRESS,
        /** A recovery with nothing open. */
        IGNORE
    }

    /** The action and, when someone is to be told, the event type. */
    public record Decision(Action action, Optional<String> alert) {
        static Decision of(Action action) {
            return new Decision(action, Optional.empty());
        }

        static Decision notifying(Action action, String event) {
            return new Decision(action, Optional.of(event));
        }
    }

    /**
     * @param fromVendor the signal comes from the vendor's status page, not from a probe of a monitor
     */
    public static Decision decide(Optional<Open> open, Optional<Recent> recent, Severity severity, boolean fromVendor,
                                  boolean inMaintenance, Duration flapWindow, Instant now) {
        if (severity == Severity.OK) {
            if (open.isEmpty()) {
                return Decision.of(Action.IGNORE);
            }
            Open o = open.get();
            int stillFailing = o.affectedMonitors() - (!fromVendor && o.monitorAffected() ? 1 : 0);
            boolean vendorStillOpen = o.vendorOpen() && !fromVendor;
            return stillFailing == 0 && !vendorStillOpen
                    ? Decision.notifying(Action.RESOLVE, "incident.resolved") : Decision.of(Action.CLEAR_PART);
        }
        if (inMaintenance) {
            return Decision.of(Action.SUPPRESS);
        }
        if (open.isPresent()) {
            return severity.compareTo(open.get().severity()) > 0
                    ? Decision.notifying(Action.RAISE, "incident.updated") : Decision.of(Action.FOLD);
        }
        if (recent.isPresent() && within(recent.get().resolvedAt(), flapWindow, now)) {
            // The same problem back soon: the same incident, and at most one alert per window.
            return within(recent.get().alertedAt(), flapWindow, now)
                    ? Decision.of(Action.REOPEN) : Decision.notifying(Action.REOPEN, "incident.opened");
        }
        return Decision.notifying(Action.OPEN, "incident.opened");
    }

    /** Whether a reminder is due for an incident last notified at {@code last} through a route. */
    public static boolean reminderDue(String state, Instant last, Duration interval, Instant now) {
        return "open".equals(state) && !interval.isZero() && last != null && !last.plus(interval).isAfter(now);
    }

    private static boolean within(Instant at, Duration window, Instant now) {
        return at != null && at.plus(window).isAfter(now);
    }
}
