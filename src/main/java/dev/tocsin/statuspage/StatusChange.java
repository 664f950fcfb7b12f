package dev.tocsin.statuspage;

/** One thing that changed on a vendor's status page between two reads; see {@link StatusChanges}. */
public sealed interface StatusChange {

    /** A watched component moved; {@code from} is UNKNOWN on the first read. */
    record ComponentChanged(String component, ComponentState from, ComponentState to) implements StatusChange {
    }

    record IncidentOpened(VendorIncident incident) implements StatusChange {
    }

    /** The incident's phase, impact or latest update text changed while it stayed open. */
    record IncidentUpdated(VendorIncident previous, VendorIncident current) implements StatusChange {
    }

    /** The incident as last seen: resolved, or as it was before it vanished from the page. */
    record IncidentResolved(VendorIncident incident) implements StatusChange {
    }

    record MaintenanceScheduled(Maintenance maintenance) implements StatusChange {
    }
}
