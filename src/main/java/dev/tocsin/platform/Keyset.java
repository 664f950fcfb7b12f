package dev.tocsin.platform;

import java.time.Instant;
import java.util.UUID;

/**
 * A position in a newest-first list ordered by (creation time, id): finders return the rows strictly
 * after it. Keyset paging stays stable while rows are added and costs the same on every page.
 */
public record Keyset(Instant createdAt, UUID id) {

    /** The JPQL condition for "after this position", with parameters named {@code kt} and {@code kid}. */
    public static final String AFTER = "(createdAt < :kt or (createdAt = :kt and id < :kid))";
}
