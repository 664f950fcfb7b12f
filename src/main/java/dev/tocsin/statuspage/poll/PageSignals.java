package dev.tocsin.statuspage.poll;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.statuspage.Component;
import dev.tocsin.statuspage.ComponentState;
import dev.tocsin.statuspage.Maintenance;
import dev.tocsin.statuspage.StatusChange;
import dev.tocsin.statuspage.StatusChange.ComponentChanged;
import dev.tocsin.statuspage.StatusChange.IncidentOpened;
import dev.tocsin.statuspage.StatusChange.IncidentResolved;
import dev.tocsin.statuspage.StatusChange.IncidentUpdated;
import dev.tocsin.statuspage.StatusChange.MaintenanceScheduled;
import dev.tocsin.statuspage.StatusChanges;
import dev.tocsin.statuspage.StatusSnapshot;
import dev.tocsin.statuspage.VendorIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Turns what changed on a page into one monitor's signals, in the vendor's own words, as a pure function.
 * All of a page's signals share one cause, so they fold into one incident per monitor (or provider).
 */
final class PageSignals {

    /** One cause for everything a vendor publishes: a component and the incident about it are one problem. */
    static final String CAUSE = "vendor";

    private PageSignals() {
    }

    /** A monitor watching the page. {@code provider} is null for statuspage monitors. */
    record Subscriber(UUID monitorId, UUID accountId, String provider, Set<String> components, boolean synced) {

        /** A statuspage monitor, whose status is what the page says; a provider monitor's status is its probe's. */
        boolean statusFromPage() {
            return provider == null;
        }
    }

    /**
     * The signals for one subscriber. Recoveries become {@code ok} only once nothing it watches is wrong any
     * more: the incident service resolves on the first vendor {@code ok}, so a component recovering while
     * the incident stays open must not say "all clear".
     */
    static List<Signal> of(Subscriber subscriber, List<StatusChange> changes, StatusSnapshot current, Instant at) {
        boolean allClear = worst(current, subscriber.components()) == Severity.OK;
        List<Signal> signals = new ArrayList<>();
        for (StatusChange change : changes) {
            Signal signal = null;
            if (change instanceof ComponentChanged c) {
                signal = component(subscriber, c, at);
            } else if (change instanceof IncidentOpened o) {
                signal = incident(subscriber, o.incident(), at);
            } else if (change instanceof IncidentUpdated u) {
                signal = incident(subscriber, u.current(), at);
            } else if (change instanceof IncidentResolved r) {
                signal = signal(subscriber, Severity.OK, "Resolved: " + r.incident().title(), null, at);
            }
            if (signal != null && (signal.severity() != Severity.OK || allClear)) {
                signals.add(signal);
            }
        }
        return signals;
    }

    static List<Maintenance> maintenances(List<StatusChange> changes) {
        return changes.stream().filter(MaintenanceScheduled.class::isInstance)
                .map(change -> ((MaintenanceScheduled) change).maintenance()).toList();
    }

    /**
     * A statuspage monitor's status after a read: the same rule as its signals ({@link #worst}), so it shows
     * {@code degraded} or {@code down} exactly while the incident the page caused is open, and {@code up}
     * when nothing it watches is wrong.
     */
    static MonitorStatus status(StatusSnapshot snapshot, Set<String> watched) {
        return switch (worst(snapshot, watched)) {
            case OK -> MonitorStatus.UP;
            case DEGRADED -> MonitorStatus.DEGRADED;
            case DOWN -> MonitorStatus.DOWN;
        };
    }

    /** How bad the page is for a monitor right now: its watched components and the open incidents that concern them. */
    static Severity worst(StatusSnapshot snapshot, Set<String> watched) {
        Severity worst = Severity.OK;
        Set<String> keys = StatusChanges.keys(watched);
        for (Component component : snapshot.components()) {
            if (keys.isEmpty() || keys.contains(StatusChanges.key(component.name()))) {
                worst = max(worst, severity(component.state()));
            }
        }
        for (VendorIncident incident : snapshot.openIncidents()) {
            if (StatusChanges.concerns(incident.components(), keys)) {
                worst = max(worst, severity(incident.impact()));
            }
        }
        return worst;
    }

    private static Signal component(Subscriber subscriber, ComponentChanged change, Instant at) {
        if (change.to() == ComponentState.UNKNOWN) {
            return null; // "no longer published" is not news about the vendor's health
        }
        String words = change.to().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (change.to() == ComponentState.DEGRADED) {
            words = "degraded performance";
        } else if (change.to() == ComponentState.MAINTENANCE) {
            words = "under maintenance";
        }
        return signal(subscriber, severity(change.to()), change.component() + ": " + words, null, at);
    }

    private static Signal incident(Subscriber subscriber, VendorIncident incident, Instant at) {
        String remedy = incident.latestUpdate().isBlank()
                ? "Nothing to fix on your side; the vendor is working on it."
                : "The vendor says: " + incident.latestUpdate();
        return signal(subscriber, severity(incident.impact()), incident.title(), remedy, at);
    }

    private static Signal signal(Subscriber s, Severity severity, String reason, String remedy, Instant at) {
        return new Signal(UUID.randomUUID(), s.accountId(), s.monitorId(), Signal.Source.STATUSPAGE, severity, CAUSE,
                reason, remedy, at);
    }

    static Severity severity(ComponentState state) {
        return switch (state) {
            case DEGRADED, PARTIAL_OUTAGE -> Severity.DEGRADED;
            case MAJOR_OUTAGE -> Severity.DOWN;
            case OPERATIONAL, MAINTENANCE, UNKNOWN -> Severity.OK;
        };
    }

    /** An open incident is a problem whatever its rating; only a major or critical one means down. */
    static Severity severity(VendorIncident.Impact impact) {
        return impact == VendorIncident.Impact.MAJOR || impact == VendorIncident.Impact.CRITICAL ? Severity.DOWN : Severity.DEGRADED;
    }

    private static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
