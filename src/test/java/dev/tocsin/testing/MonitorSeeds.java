package dev.tocsin.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Many monitors at once, written with SQL past the plan limit: for tests of the engine at scale. Each
 * monitor gets its own target, due at its own slot (its phase of the interval) within the interval up to
 * {@code dueAt}, as a target long in service is, and the URL {@code urlPrefix + i}.
 */
@ApplicationScoped
public class MonitorSeeds {

    private final EntityManager em;

    MonitorSeeds(EntityManager em) {
        this.em = em;
    }

    public void seed(UUID accountId, int count, String urlPrefix, int intervalSeconds, Instant dueAt) {
        seed(accountId, count, urlPrefix, intervalSeconds, dueAt, 3);
    }

    @Transactional
    public void seed(UUID accountId, int count, String urlPrefix, int intervalSeconds, Instant dueAt, int failureThreshold) {
        em.createNativeQuery("""
                insert into probe_targets (id, target_key, interval_seconds, next_run_at, created_at)
                select gen_random_uuid(), 'seed:' || ?1 || ':' || g, ?2, ?3, ?3 from generate_series(1, ?4) g""")
                .setParameter(1, accountId.toString()).setParameter(2, intervalSeconds).setParameter(3, dueAt)
                .setParameter(4, count).executeUpdate();
        em.createNativeQuery("""
                update probe_targets set next_run_at = to_timestamp(interval_seconds
                    * (phase + floor(extract(epoch from cast(?2 as timestamptz)) / interval_seconds - phase)))
                where target_key like 'seed:' || ?1 || ':%'""")
                .setParameter(1, accountId.toString()).setParameter(2, dueAt).executeUpdate();
        em.createNativeQuery("""
                insert into monitors (id, account_id, name, type, url, method, headers, interval_seconds, timeout_ms,
                    max_latency_ms, tls_expiry_days, failure_threshold, success_threshold, flap_threshold,
                    flap_window_seconds, status, created_at, updated_at, target_id)
                select gen_random_uuid(), ?1, 'seeded ' || g, 'http', ?2 || g, 'GET', '{}', ?3, 5000, 3000, 14, ?7, 2, 3, 600,
                    'pending', ?4, ?4, t.id
                from generate_series(1, ?5) g join probe_targets t on t.target_key = 'seed:' || ?6 || ':' || g""")
                .setParameter(1, accountId).setParameter(2, urlPrefix).setParameter(3, intervalSeconds).setParameter(4, dueAt)
                .setParameter(5, count).setParameter(6, accountId.toString()).setParameter(7, failureThreshold).executeUpdate();
    }
}
