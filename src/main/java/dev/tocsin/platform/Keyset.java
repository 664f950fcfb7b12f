package dev.tocsin.platform;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A position in a newest-first list ordered by (creation time, id): finders return the rows strictly
 * after it. Keyset paging stays stable while rows are added and costs the same on every page.
 */
public record Keyset(Instant createdAt, UUID id) {

    /**
     * One page of an account's rows, newest first, after {@code after} (null for the first page).
     * {@code find} calls the entity's Panache finder as a lambda, {@code (q, p) -> Monitor.find(q, p)} (a method
     * reference would bind to the unenhanced base class and fail at run time); the entity must have
     * {@code accountId}, {@code createdAt} and {@code id}.
     */
    public static <T> List<T> newestFirst(BiFunction<String, Parameters, PanacheQuery<T>> find, UUID accountId, Keyset after,
                                          int limit) {
        String where = "accountId = :account";
        Parameters parameters = Parameters.with("account", accountId);
        if (after != null) {
            where += " and (createdAt < :kt or (createdAt = :kt and id < :kid))";
            parameters = parameters.and("kt", after.createdAt()).and("kid", after.id());
        }
        return find.apply(where + " order by createdAt desc, id desc", parameters).page(0, limit).list();
    }
}
