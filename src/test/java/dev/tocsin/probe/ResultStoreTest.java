package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static dev.tocsin.probe.ProbeTestSupport.nextPass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The partitioned store of results: what a run keeps, partitions and retention, rollups across the 48 h boundary. */
@QuarkusTest
class ResultStoreTest {

    @Inject
    ProbeEngine engine;

    @Inject
    ProbeHousekeeping housekeeping;

    @Inject
    ResultPartitions partitions;

    @Inject
    History history;

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @Test
    void healthyRunsKeepOnlyTheirFiguresAndFailedOnesTheirText() {
        MutableClock.INSTANCE.advance(Duration.ofDays(1));
        TestTenants.Person owner = tenants.owner("slim");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/s", Reply.of(200, "{}"));
            UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/s")));
            for (int i = 0; i < 4; i++) {
                nextPass(engine, owner.accountId());
            }
            stub.reply("/s", Reply.of(503, "{\"error\":\"overloaded\"}"));
            nextPass(engine, owner.accountId());

            List<Object[]> rows = rows(id);
            assertThat(rows).hasSize(5);
            Object[] healthy = rows.get(3);
            assertThat(healthy[0]).isEqualTo("up");
            assertThat(healthy[1]).as("a healthy run lives in the short partitions").isEqualTo(false);
            assertThat(healthy[2]).isNull();
            assertThat(healthy[3]).isNull();
            assertThat(healthy[4]).as("latency and status stay").isNotNull();
            Object[] failed = rows.get(4);
            assertThat(failed[0]).isEqualTo("down");
            assertThat(failed[1]).isEqualTo(true);
            assertThat(failed[2]).isNotNull();
            assertThat(failed[3]).isNotNull();
        }
    }

    @Test
    void chartsUptimeAndResultsAnswerTheSameAcrossTheHealthyRunsRetention() {
        MutableClock.INSTANCE.advance(Duration.ofDays(1));
        TestTenants.Person owner = tenants.owner("boundary");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/b", Reply.of(200, "{}"));
            UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/b")));
            for (int i = 0; i < 4; i++) {
                nextPass(engine, owner.accountId());
            }
            stub.reply("/b", Reply.of(500, "{}"));
            nextPass(engine, owner.accountId());
            String path = "/api/v1/monitors/" + id;
            as(owner.writeKey()).get(path + "/results?from=2000-01-01T00:00:00Z").then().body("items", hasSize(5));
            as(owner.writeKey()).get(path + "/uptime?window=7d").then().statusCode(200)
                    .body("probes", equalTo(5)).body("failures", equalTo(1)).body("uptimePercent", equalTo(80.0f));
            List<Long> hourlyBefore = totals(history.hourly(List.of(id), Duration.ofDays(7), true).get(id));
            assertThat(hourlyBefore).containsExactly(5L, 1L);
            long kept = rows(id).stream().filter(r -> Boolean.TRUE.equals(r[1])).count();
            assertThat(kept).as("the first runs confirm the monitor up and are kept; the later healthy ones are not").isBetween(1L, 4L);

            MutableClock.INSTANCE.advance(Duration.ofMinutes(10));
            housekeeping.runOnce();
            assertThat(totals(history.fine(id, Duration.ofHours(24), Duration.ofMinutes(10))))
                    .as("the day's chart from 5-minute rollups").containsExactly(5L, 1L);
            assertThat(totals(history.hourly(List.of(id), Duration.ofDays(7), true).get(id))).isEqualTo(hourlyBefore);

            MutableClock.INSTANCE.advance(Duration.ofHours(55));
            housekeeping.runOnce();

            assertThat(rows(id)).as("healthy runs dropped with their partition").hasSize((int) kept);
            as(owner.writeKey()).get(path + "/results?from=2000-01-01T00:00:00Z").then().statusCode(200)
                    .body("items", hasSize((int) kept)).body("items[0].outcome", equalTo("down"))
                    .body("items[0].reason", org.hamcrest.Matchers.notNullValue());
            as(owner.writeKey()).get(path + "/uptime?window=7d").then().statusCode(200).body("source", equalTo("rollup"))
                    .body("probes", equalTo(5)).body("failures", equalTo(1)).body("uptimePercent", equalTo(80.0f))
                    .body("latencyP50Ms", org.hamcrest.Matchers.notNullValue());
            assertThat(totals(history.hourly(List.of(id), Duration.ofDays(7), true).get(id))).isEqualTo(hourlyBefore);
            as(owner.writeKey()).get(path + "/uptime?window=24h").then().body("probes", equalTo(0));
        }
    }

    @Test
    void retentionDropsWholeDays() {
        LocalDate old = ResultPartitions.day(MutableClock.INSTANCE.instant().minus(Duration.ofDays(12)));
        partitions.ensure(List.of(old));
        assertThat(exists("probe_results_p" + compact(old))).isTrue();
        assertThat(exists("probe_rollups_5m_p" + compact(old))).isTrue();

        housekeeping.runOnce();

        assertThat(exists("probe_results_p" + compact(old))).isFalse();
        assertThat(exists("probe_results_p" + compact(old) + "_kept")).isFalse();
        assertThat(exists("probe_rollups_5m_p" + compact(old))).isFalse();
        LocalDate today = ResultPartitions.day(MutableClock.INSTANCE.instant());
        assertThat(exists("probe_results_p" + compact(today.plusDays(2)) + "_h18")).as("created ahead").isTrue();
    }

    @Test
    void twoNodesCreatingTheSameDayTogetherBothSucceed() throws Exception {
        LocalDate day = ResultPartitions.day(MutableClock.INSTANCE.instant()).plusDays(400 + (int) (Math.random() * 1000));
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(nodes.submit(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(false);
                        together.await();
                        try (PreparedStatement ensure = c.prepareStatement("select probe_partitions_ensure(?)")) {
                            ensure.setObject(1, day);
                            ensure.execute();
                        }
                        // Hold the transaction a moment, so the other node is inside its own when this one commits.
                        Thread.sleep(200);
                        c.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> f : both) {
                f.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        String d = compact(day);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                select count(*) from pg_class where relkind in ('r', 'p')
                   and (relname like 'probe\\_results\\_p' || ?1 || '%' or relname = 'probe_rollups_5m_p' || ?1)""").setParameter(1, d).getSingleResult()).intValue()))
                .as("the day, its kept and brief parts, four 6-hour slices and the rollups' day").isEqualTo(8);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("drop table probe_results_p" + d).executeUpdate();
            em.createNativeQuery("drop table probe_rollups_5m_p" + d).executeUpdate();
        });
    }

    private List<Object[]> rows(UUID monitor) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    select outcome, kept, reason, cause, latency_ms from probe_results where monitor_id = ?1
                    order by started_at, id""", Object[].class).setParameter(1, monitor).getResultList();
            return rows;
        });
    }

    private static List<Long> totals(List<History.Bucket> buckets) {
        return List.of(buckets.stream().mapToLong(History.Bucket::probes).sum(), buckets.stream().mapToLong(History.Bucket::failures).sum());
    }

    private boolean exists(String table) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select to_regclass(?1) is not null")
                .setParameter(1, table).getSingleResult().equals(Boolean.TRUE));
    }

    private static String compact(LocalDate day) {
        return day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }
}
