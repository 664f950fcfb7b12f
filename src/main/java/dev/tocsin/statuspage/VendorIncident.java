package dev.tocsin.statuspage;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An incident as the vendor published it. {@code updatedAt} and {@code link} may be null because not
 * every platform publishes them; {@code latestUpdate} is plain text, empty when there is none.
 */
public record VendorIncident(String id, String title, Status status, Impact impact, List<String> components,
        Instant updatedAt, String latestUpdate, URI link) {

    /** The phase of the incident; UNKNOWN means open but the vendor did not say which phase. */
    public enum Status { INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED, UNKNOWN }

    /** The vendor's own rating; UNKNOWN where the platform has none (feeds). */
    public enum Impact { NONE, MINOR, MAJOR, CRITICAL, UNKNOWN }

    public VendorIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(impact, "impact");
        components = List.copyOf(components);
        latestUpdate = latestUpdate == null ? "" : latestUpdate;
    }

    public boolean isResolved() {
        return status == Status.RESOLVED;
    }
}
