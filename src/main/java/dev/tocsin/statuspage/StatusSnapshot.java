package dev.tocsin.statuspage;

import java.util.List;
import java.util.Objects;

/**
 * What one read of a vendor's status page said, normalized across platforms. {@code incidents} may hold
 * resolved ones too (feeds and some pages list recent history), so callers use {@link #openIncidents()}.
 */
public record StatusSnapshot(Indicator indicator, List<Component> components, List<VendorIncident> incidents,
        List<Maintenance> maintenances) {

    /** The page's overall verdict. UNKNOWN means the page said nothing usable, which is not an outage. */
    public enum Indicator { NONE, MINOR, MAJOR, CRITICAL, MAINTENANCE, UNKNOWN }

    public StatusSnapshot {
        Objects.requireNonNull(indicator, "indicator");
        components = List.copyOf(components);
        incidents = List.copyOf(incidents);
        maintenances = List.copyOf(maintenances);
    }

    /** A page that was read but told us nothing, e.g. a feed with no items. */
    public static StatusSnapshot nothingKnown() {
        return new StatusSnapshot(Indicator.UNKNOWN, List.of(), List.of(), List.of());
    }

    public List<VendorIncident> openIncidents() {
        return incidents.stream().filter(incident -> !incident.isResolved()).toList();
    }
}
