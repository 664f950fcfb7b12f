package dev.tocsin.statuspage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A scheduled or running maintenance window; {@code startsAt}/{@code endsAt} may be null when unpublished. */
public record Maintenance(String id, String title, Instant startsAt, Instant endsAt, List<String> components) {

    public Maintenance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        components = List.copyOf(components);
    }
}
