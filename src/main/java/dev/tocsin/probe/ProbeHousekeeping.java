package dev.tocsin.probe;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Partitions, rollups and retention of probe results. Partitions are created two days ahead (and at
 * start-up); rollups are computed from the raw rows, so they are exact whichever nodes ran the probes,
 * and one node at a time computes them (a transaction-scoped advisory lock), the others skip. Retention
 * drops whole partitions of raw results and 5-minute rollups; only the small hourly rollups, signals and
 * targets are deleted row by row, in short batches.
 */
@ApplicationScoped
public class ProbeHousekeeping {

    private static final Logger LOG = Logger.getLogger(ProbeHousekeeping.class);
    private static final int DELETE_BATCH = 5_000;
    private static final int DAYS_AHEAD = 2;
    /**
     * Each pass rolls up the closed 5-minute windows since the last pass and the two before it again: a run
     * is recorded when it ends, up to its timeout after it started, so a window can still gain runs then.
     */
    private static final Duration REVISITED = Duration.ofMinutes(10);
    /** How far back a first pass (or one after the clock went back) starts. */
    private static final Duration FIRST_PASS = Duration.ofHours(3);
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final EntityManager em;
    private final ProbeConfig config;
    private final ResultPartitions partitions;
    private final Clock clock;

    ProbeHousekeeping(EntityManager em, ProbeConfig config, ResultPartitions partitions, Clock clock) {
        this.em = em;
        this.config = config;
        this.partitions = partitions;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        ensureAhead();
    }

    @Scheduled(every = "5m", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    public void runOnce() {
        Instant now = clock.instant();
        ensureAhead();
        int rolled = rollUp(now);
        ResultPartitions.Dropped dropped = partitions.drop(now.minus(Duration.ofDays(config.rawRetentionDays())),
                now.minus(config.healthyRawRetention()), now.minus(Duration.ofDays(config.fiveMinuteRollupDays())));
        long rollups = deleteBefore("probe_rollups", "hour", now.minus(Duration.ofDays(config.rollupRetentionDays())));
        long signals = deleteBefore("signals", "observed_at", now.minus(Duration.ofDays(config.rollupRetentionDays())));
        int targets = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                delete from probe_targets t where not exists (select 1 from monitors m where m.target_id = t.id)
                  and not exists (select 1 from monitor_regions r where r.target_id = t.id)""").executeUpdate());
        LOG.debugf("Probe housekeeping: %d rollup rows written; dropped %d days of raw results, %d slices of healthy runs, "
                + "%d days of 5-minute rollups; removed %d hourly rollups, %d signals, %d unused targets",
                rolled, dropped.days(), dropped.healthySlices(), dropped.rollupDays(), rollups, signals, targets);
    }

    private void ensureAhead() {
        LocalDate today = ResultPartitions.day(clock.instant());
        partitions.ensure(today.datesUntil(today.plusDays(DAYS_AHEAD + 1)).toList());
    }

    /**
     * Rolls up the closed 5-minute windows before {@code now} into 5-minute rows, and the hours they touch
     * into hourly rows (the open hour too, marked with how far it reaches). Returns rows written; 0 if
     * another node holds the lock.
     */
    public int rollUp(Instant now) {
        Instant end = Instant.ofEpochSecond(now.getEpochSecond() / WINDOW.toSeconds() * WINDOW.toSeconds());
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean mine = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('tocsin.probe-rollups'))")
                    .getSingleResult();
            if (!mine) {
                return 0;
            }
            Instant start = start(end);
            int fine = em.createNativeQuery("""
                    insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
                    select monitor_id, date_bin('5 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), least(count(*), 32767),
                           least(count(*) filter (where outcome = 'down'), 32767),
                           least(count(*) filter (where outcome = 'degraded'), 32767),
                           max(latency_ms), probe_latency_histogram(array_agg(latency_ms))
                    from probe_results where started_at >= ?1 and started_at < ?2
                    group by 1, 2
                    on conflict (monitor_id, at) do update set probes = excluded.probes, failures = excluded.failures,
                        degraded = excluded.degraded, max_ms = excluded.max_ms, hist = excluded.hist""")
                    .setParameter(1, start).setParameter(2, end).executeUpdate();
            int hourly = em.createNativeQuery("""
                    insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, p99_ms, max_ms, hist, through)
                    select monitor_id, hour, probes, failures, degraded, probe_latency_percentile(hist, 0.5, max_ms),
                           probe_latency_percentile(hist, 0.95, max_ms), probe_latency_percentile(hist, 0.99, max_ms), max_ms, hist,
                           least(hour + interval '1 hour', ?2)
                    from (select monitor_id, date_trunc('hour', at, 'UTC') as hour, sum(probes) as probes, sum(failures) as failures,
                                 sum(degraded) as degraded, max(max_ms) as max_ms, probe_hist_sum(hist::integer[]) as hist
                          from probe_rollups_5m where at >= ?1 and at < ?2 group by 1, 2) s
                    on conflict (monitor_id, hour) do update set probes = excluded.probes, failures = excluded.failures,
                        degraded = excluded.degraded, p50_ms = excluded.p50_ms, p95_ms = excluded.p95_ms, p99_ms = excluded.p99_ms,
                        max_ms = excluded.max_ms, hist = excluded.hist, through = excluded.through""")
                    .setParameter(1, start.truncatedTo(ChronoUnit.HOURS)).setParameter(2, end).executeUpdate();
            em.createNativeQuery("""
                    insert into probe_rollup_progress (name, rolled_until) values ('rollups', ?1)
                    on conflict (name) do update set rolled_until = excluded.rolled_until""").setParameter(1, end).executeUpdate();
            return fine + hourly;
        });
    }

    /** Where this pass starts: a little before where the last one ended, never before raw runs may be gone. */
    private Instant start(Instant end) {
        List<?> last = em.createNativeQuery("select rolled_until from probe_rollup_progress where name = 'rollups'").getResultList();
        Instant until = last.isEmpty() ? null : instant(last.get(0));
        if (until == null || until.isAfter(end)) {
            return end.minus(FIRST_PASS);
        }
        Instant oldest = end.minus(config.healthyRawRetention());
        Instant from = until.minus(REVISITED);
        return from.isBefore(oldest) ? oldest : from;
    }

    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
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
