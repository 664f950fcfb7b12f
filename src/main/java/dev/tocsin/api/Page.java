package dev.tocsin.api;

import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import dev.tocsin.platform.Instants;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One page of a list: {@code {"items":[…],"next":"…"}}. Cursors are opaque to clients; inside they
 * name the last row's sort key (creation time and id), so pages stay stable while rows are added.
 */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The position a {@code cursor} query parameter names, or null for the first page. */
    public static Keyset cursor(String cursor) {
        return cursor(cursor, (at, id) -> new Keyset(Instants.checked(Instant.parse(at)), UUID.fromString(id)));
    }

    /** The position a cursor names, built from its two parts (sort time and id) by {@code parse}. */
    public static <K> K cursor(String cursor, BiFunction<String, String, K> parse) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return parse.apply(parts[0], parts[1]);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says whether there is more. */
    public static <R, T> Page<T> of(List<R> fetched, int limit, Function<R, Keyset> position, Function<R, T> view) {
        return ofPositions(fetched, limit, row -> {
            Keyset k = position.apply(row);
            return k.createdAt() + "|" + k.id();
        }, view);
    }

    /** As {@link #of}, for rows whose position {@code position} writes as "sort time|id". */
    public static <R, T> Page<T> ofPositions(List<R> fetched, int limit, Function<R, String> position, Function<R, T> view) {
        boolean more = fetched.size() > limit;
        List<R> rows = more ? fetched.subList(0, limit) : fetched;
        String next = null;
        if (more) {
            next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(position.apply(rows.get(rows.size() - 1)).getBytes(StandardCharsets.UTF_8));
        }
        return new Page<>(rows.stream().map(view).toList(), next);
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
