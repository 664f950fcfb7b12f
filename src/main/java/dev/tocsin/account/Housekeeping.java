package dev.tocsin.account;

import dev.tocsin.account.session.Sessions;
import dev.tocsin.platform.idempotency.Idempotency;
import dev.tocsin.platform.security.RateLimiter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes what has expired: sessions, used-link records past their link's expiry, old rate-limit
 * windows and idempotency keys past their 24 hours. Running it on several nodes at once is harmless, so it needs no lock.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final Duration KEEP_RATE_WINDOWS = Duration.ofDays(1);

    private final Sessions sessions;
    private final RateLimiter limiter;
    private final Idempotency idempotency;
    private final EntityManager em;
    private final Clock clock;

    Housekeeping(Sessions sessions, RateLimiter limiter, Idempotency idempotency, EntityManager em, Clock clock) {
        this.sessions = sessions;
        this.limiter = limiter;
        this.idempotency = idempotency;
        this.em = em;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delay = 5, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    public void runOnce() {
        long expiredSessions = sessions.purgeExpired();
        int windows = limiter.purgeBefore(clock.instant().minus(KEEP_RATE_WINDOWS));
        int tokens = purgeUsedTokens();
        int keys = idempotency.purge();
        LOG.debugf("Housekeeping removed %d sessions, %d rate windows, %d used links, %d idempotency keys",
                expiredSessions, windows, tokens, keys);
    }

    @Transactional
    int purgeUsedTokens() {
        // A used link past its expiry fails the expiry check anyway; its record is no longer needed.
        return em.createNativeQuery("delete from used_tokens where expires_at < ?1").setParameter(1, clock.instant()).executeUpdate();
    }
}
