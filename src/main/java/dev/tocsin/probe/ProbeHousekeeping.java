package dev.tocsin.probe;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Hourly rollups of raw results, and retention. Rollups are computed from the raw rows, so they are
 * exact whichever nodes ran the probes; one node at a time does it (a transaction-scoped advisory
 * lock), the others skip. Deletes go in small batches, each its own short transaction, so retention
 * never holds long locks on tables the engine writes every second.
 */
@ApplicationScoped
public class ProbeHousekeeping {

    private static final Logger LOG = Logger.getLogger(ProbeHousekeeping.class);
    private static final int DELETE_BATCH = 5_000;
    /** Rolls up the last few closed hours again, which also covers a node that was down for a while. */
    private static final int HOURS_REVISITED = 3;

    private final EntityManager em;
    private final ProbeConfig config;
    private final Clock clock;

    ProbeHousekeeping(EntityManager em, ProbeConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "5m", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    public void runOnce() {
        int rolled = rollUp(clock.instant());
        long raw = deleteBefore("probe_results", "started_at", clock.instant().minus(Duration.ofDays(config.rawRetentionDays())));
        long rollups = deleteBefore("probe_rollups", "hour", clock.instant().minus(Duration.ofDays(config.rollupRetentionDays())));
        long signals = deleteBefore("signals", "observed_at", clock.instant().minus(Duration.ofDays(config.rollupRetentionDays())));
        int targets = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                delete from probe_targets t where not exists (select 1 from monitors m where m.target_id = t.id)""").executeUpdate());
        LOG.debugf("Probe housekeeping: %d hourly rollups written; removed %d raw results, %d rollups, %d signals, %d unused targets",
                rolled, raw, rollups, signals, targets);
    }

    /** Writes the rollups of the closed hours before {@code now}; returns rows written, 0 if another node holds the lock. */
    public int rollUp(Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofHours(HOURS_REVISITED));
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean mine = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('tocsin.probe-rollups'))")
                    .getSingleResult();
            if (!mine) {
                return 0;
            }
            return em.createNativeQuery("""
                    insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, max_ms)
                    select monitor_id, date_trunc('hour', started_at, 'UTC'), count(*),
                           count(*) filter (where outcome = 'down'), count(*) filter (where outcome = 'degraded'),
                           percentile_disc(0.5) within group (order by latency_ms),
                           percentile_disc(0.95) within group (order by latency_ms), max(latency_ms)
                    from probe_results where started_at >= ?1 and started_at < ?2
                    group by monitor_id, date_trunc('hour', started_at, 'UTC')
                    on conflict (monitor_id, hour) do update set probes = excluded.probes, failures = excluded.failures,
                        degraded = excluded.degraded, p50_ms = excluded.p50_ms, p95_ms = excluded.p95_ms, max_ms = excluded.max_ms""")
                    .setParameter(1, start).setParameter(2, end).executeUpdate();
        });
    }

    private long deleteBefore(String table, String column, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            // ctid batches: each statement touches a few thousand rows and commits on its own.
            deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "delete from " + table + " where ctid = any(array(select ctid from " + table + " where " + column
                                    + " < ?1 limit " + DELETE_BATCH + "))")
                    .setParameter(1, cutoff).executeUpdate());
            total += deleted;
        } while (deleted == DELETE_BATCH);
        return total;
    }
}
