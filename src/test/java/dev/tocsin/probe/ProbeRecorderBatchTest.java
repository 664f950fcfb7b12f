package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.catalog.Cause;
import dev.tocsin.testing.MonitorSeeds;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One batch moves the confirmation state of several monitors in different ways at once (one set-based
 * statement): each row must end exactly as its own runs, applied in order, leave it.
 */
@QuarkusTest
class ProbeRecorderBatchTest {

    @Inject
    ProbeRecorder recorder;

    @Inject
    MonitorSeeds seeds;

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

    private record Row(String status, Instant since, int failures, int successes, List<Instant> episodes, Instant lastFailure,
                       boolean flapping, String cause, Instant checked) {
    }

    @Test
    void everyMonitorOfABatchEndsAsItsOwnRunsLeaveIt() {
        UUID account = tenants.owner("batched-states").accountId();
        Instant t0 = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MICROS);
        seeds.seed(account, 4, "http://127.0.0.1:9/batch?i=", 30, t0, 2);
        List<UUID[]> monitors = monitors(account);
        UUID up = monitors.get(0)[0];
        UUID failing = monitors.get(1)[0];
        UUID down = monitors.get(2)[0];
        UUID steady = monitors.get(3)[0];
        Instant t1 = t0.plusSeconds(10);
        Instant t2 = t0.plusSeconds(20);

        recorder.record(List.of(run(monitors.get(0), account, t0, Verdict.up()), run(monitors.get(1), account, t0, timeout()),
                run(monitors.get(2), account, t0, timeout()), run(monitors.get(3), account, t0, Verdict.up())));
        // Two runs of one monitor in one batch, out of order: applied by start time.
        recorder.record(List.of(run(monitors.get(2), account, t2, timeout()), run(monitors.get(0), account, t1, Verdict.up()),
                run(monitors.get(2), account, t1, timeout()), run(monitors.get(1), account, t1, Verdict.up())));

        assertThat(row(up)).isEqualTo(new Row("up", t0, 0, 2, List.of(), null, false, null, t1));
        assertThat(row(failing)).as("a first failure then a success: an episode, never confirmed")
                .isEqualTo(new Row("up", t1, 0, 1, List.of(t0), t0, false, null, t1));
        // Its status moved within the batch: it has been down since the batch's latest run, as before batching.
        assertThat(row(down)).as("three failures against a threshold of two")
                .isEqualTo(new Row("down", t2, 2, 0, List.of(t0), t2, false, "timeout", t2));
        assertThat(row(steady)).isEqualTo(new Row("up", t0, 0, 1, List.of(), null, false, null, t0));

        // A run that changes nothing moves only the check time.
        Instant t3 = t0.plusSeconds(30);
        recorder.record(List.of(run(monitors.get(0), account, t3, Verdict.up())));
        assertThat(row(up)).isEqualTo(new Row("up", t0, 0, 2, List.of(), null, false, null, t3));
    }

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    ResultPartitions partitions;

    @Test
    void aRollupPassHoldingItsForeignKeyLocksDoesNotHoldTheWriterUp() throws Exception {
        UUID account = tenants.owner("rollup-locks").accountId();
        Instant t0 = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MICROS);
        seeds.seed(account, 1, "http://127.0.0.1:9/locks?i=", 30, t0);
        UUID[] monitor = monitors(account).get(0);
        partitions.ensure(List.of(ResultPartitions.day(t0)));
        try (java.sql.Connection rollups = dataSource.getConnection()) {
            rollups.setAutoCommit(false);
            // As the rollup pass does, uncommitted: the foreign key locks the monitor's row (key share).
            try (var insert = rollups.prepareStatement("""
                    insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
                    values (?, date_bin('5 minutes', ?::timestamptz, timestamptz '2000-01-01 00:00:00+00'), 1, 0, 0, 12, '{1}')""")) {
                insert.setObject(1, monitor[0]);
                insert.setObject(2, java.time.OffsetDateTime.ofInstant(t0, java.time.ZoneOffset.UTC));
                insert.executeUpdate();
            }
            var written = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> recorder.record(List.of(run(monitor, account, t0, timeout()))));
            assertThat(written.get(10, java.util.concurrent.TimeUnit.SECONDS).results()).isEqualTo(1);
            rollups.rollback();
        }
        assertThat(row(monitor[0]).failures()).isEqualTo(1);
    }

    private static Verdict timeout() {
        return Verdict.down(Cause.TIMEOUT, "timed out", "wait");
    }

    private static ProbeRun run(UUID[] monitor, UUID account, Instant at, Verdict verdict) {
        return new ProbeRun(monitor[0], account, monitor[1], at, at, false, verdict, verdict.outcome() == Outcome.UP ? 200 : null,
                12, -1, 1, -1, 5, Map.of(), Optional.empty(), Optional.empty(), null);
    }

    private List<UUID[]> monitors(UUID account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id, target_id from monitors where account_id = ?1 order by name", Object[].class)
                .setParameter(1, account).getResultList());
        List<UUID[]> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(new UUID[] {(UUID) r[0], (UUID) r[1]}));
        return ids;
    }

    private Row row(UUID monitor) {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                select status, status_since, consecutive_failures, consecutive_successes,
                       array_to_string(array(select to_char(e at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                             from unnest(failure_episodes) e), ','),
                       last_failure_at, flapping, last_cause, last_checked_at
                from monitors where id = ?1""", Object[].class).setParameter(1, monitor).getSingleResult());
        String episodes = (String) r[4];
        return new Row((String) r[0], instant(r[1]), ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                episodes.isEmpty() ? List.of() : java.util.Arrays.stream(episodes.split(",")).map(Instant::parse).toList(),
                instant(r[5]), (Boolean) r[6], (String) r[7], instant(r[8]));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
    }
}
