package dev.tocsin.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window counters kept in PostgreSQL, so that a limit holds across every node. Each hit is
 * one upsert in its own short transaction: it counts even when the request that made it fails.
 */
@ApplicationScoped
public class RateLimiter {

    private final EntityManager em;
    private final Clock clock;

    RateLimiter(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The outcome of one hit; when refused, {@code retryAfter} says when the window ends. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Decision hit(String bucket, int limit, Duration window) {
        Instant now = clock.instant();
        long windowSeconds = Math.max(1, window.toSeconds());
        Instant start = Instant.ofEpochSecond(now.getEpochSecond() / windowSeconds * windowSeconds);
        Number hits = (Number) em.createNativeQuery("""
                        insert into rate_limit_windows (bucket, window_start, hits) values (?1, ?2, 1)
                        on conflict (bucket, window_start) do update set hits = rate_limit_windows.hits + 1
                        returning hits""")
                .setParameter(1, bucket)
                .setParameter(2, start)
                .getSingleResult();
        Duration retryAfter = Duration.between(now, start.plusSeconds(windowSeconds));
        return new Decision(hits.intValue() <= limit, retryAfter);
    }

    /** Forgets windows that ended before {@code cutoff}. */
    @Transactional
    public int purgeBefore(Instant cutoff) {
        return em.createNativeQuery("delete from rate_limit_windows where window_start < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }
}
