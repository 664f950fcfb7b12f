package dev.tocsin.statuspage;

import dev.tocsin.statuspage.StatusChange.ComponentChanged;
import dev.tocsin.statuspage.StatusChange.IncidentOpened;
import dev.tocsin.statuspage.StatusChange.IncidentResolved;
import dev.tocsin.statuspage.StatusChange.IncidentUpdated;
import dev.tocsin.statuspage.StatusChange.MaintenanceScheduled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The difference between two reads of one status page, limited to the components a monitor watches.
 * A pure function: storing snapshots and turning changes into incidents and alerts happen elsewhere.
 */
public final class StatusChanges {

    private StatusChanges() {
    }

    /**
     * @param previous the last snapshot, or null on the first read: then only what is wrong right now is
     *     reported, so a new monitor does not replay the page's resolved history as alerts
     * @param watchedComponents component names, matched case-insensitively; empty means all
     */
    public static List<StatusChange> between(StatusSnapshot previous, StatusSnapshot current, Set<String> watchedComponents) {
        Objects.requireNonNull(current, "current");
        Set<String> watched = keys(watchedComponents);
        StatusSnapshot before = previous == null ? StatusSnapshot.nothingKnown() : previous;
        List<StatusChange> changes = new ArrayList<>();
        components(before, current, watched, changes);
        incidents(before, current, watched, changes);
        maintenances(before, current, watched, changes);
        return List.copyOf(changes);
    }

    /**
     * Matched by name, not id, because the filter is by name. A component that newly appears is only news
     * when it is in trouble; one that disappears is not reported, since vendors rename and regroup.
     */
    private static void components(StatusSnapshot before, StatusSnapshot current, Set<String> watched, List<StatusChange> changes) {
        Map<String, ComponentState> was = new HashMap<>();
        before.components().forEach(component -> was.put(key(component.name()), component.state()));
        for (Component component : current.components()) {
            if (!isWatched(component.name(), watched)) {
                continue;
            }
            ComponentState from = was.get(key(component.name()));
            boolean changed = from == null ? component.state().isProblem() : from != component.state();
            if (changed) {
                changes.add(new ComponentChanged(component.name(), from == null ? ComponentState.UNKNOWN : from, component.state()));
            }
        }
    }

    private static void incidents(StatusSnapshot before, StatusSnapshot current, Set<String> watched, List<StatusChange> changes) {
        Map<String, VendorIncident> wasOpen = new HashMap<>();
        before.openIncidents().forEach(incident -> wasOpen.put(incident.id(), incident));
        Set<String> seen = new HashSet<>();
        for (VendorIncident incident : current.incidents()) {
            seen.add(incident.id());
            VendorIncident earlier = wasOpen.get(incident.id());
            if (!isRelevant(incident.components(), watched) && (earlier == null || !isRelevant(earlier.components(), watched))) {
                continue;
            }
            if (earlier == null) {
                // A resolved incident we never saw open is history, not news.
                if (!incident.isResolved()) {
                    changes.add(new IncidentOpened(incident));
                }
            } else if (incident.isResolved()) {
                changes.add(new IncidentResolved(incident));
            } else if (isUpdate(earlier, incident)) {
                changes.add(new IncidentUpdated(earlier, incident));
            }
        }
        // Pages list only unresolved incidents, so one that vanished was resolved.
        for (VendorIncident earlier : before.openIncidents()) {
            if (!seen.contains(earlier.id()) && isRelevant(earlier.components(), watched)) {
                changes.add(new IncidentResolved(earlier));
            }
        }
    }

    /** Impact counts too: Better Stack publishes no phase, so a report escalating is its only update. */
    private static boolean isUpdate(VendorIncident earlier, VendorIncident now) {
        return earlier.status() != now.status() || earlier.impact() != now.impact()
                || !earlier.latestUpdate().equals(now.latestUpdate());
    }

    private static void maintenances(StatusSnapshot before, StatusSnapshot current, Set<String> watched, List<StatusChange> changes) {
        Set<String> known = before.maintenances().stream().map(Maintenance::id).collect(Collectors.toSet());
        for (Maintenance maintenance : current.maintenances()) {
            if (!known.contains(maintenance.id()) && isRelevant(maintenance.components(), watched)) {
                changes.add(new MaintenanceScheduled(maintenance));
            }
        }
    }

    /** An incident that names no components may concern anything, so it reaches every filter. */
    private static boolean isRelevant(List<String> components, Set<String> watched) {
        return concerns(components, watched);
    }

    /**
     * Whether something naming {@code components} concerns a monitor watching {@code watchedKeys} (from
     * {@link #keys}); the same rule {@link #between} filters by.
     */
    public static boolean concerns(List<String> components, Set<String> watchedKeys) {
        return watchedKeys.isEmpty() || components.isEmpty() || components.stream().anyMatch(name -> watchedKeys.contains(key(name)));
    }

    /** The filter's names as they are compared: stripped, lower case. */
    public static Set<String> keys(Set<String> watchedComponents) {
        return watchedComponents.stream().map(StatusChanges::key).collect(Collectors.toSet());
    }

    private static boolean isWatched(String name, Set<String> watched) {
        return watched.isEmpty() || watched.contains(key(name));
    }

    public static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
