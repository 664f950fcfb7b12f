package dev.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.probe.ClaimedTarget;
import dev.tocsin.probe.ProbeClaims;
import dev.tocsin.probe.ProbeRecorder;
import dev.tocsin.probe.ProbeRun;
import dev.tocsin.probe.Prober;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MonitorSeeds;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One incident per key, enforced by PostgreSQL, with real concurrent transactions. */
@QuarkusTest
class IncidentConcurrencyTest {

    @Inject
    IncidentService incidents;

    @Inject
    Monitors monitors;

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

    @Inject
    MonitorSeeds seeds;

    @Inject
    ProbeClaims claims;

    @Inject
    Prober prober;

    @Inject
    ProbeRecorder recorder;

    @Inject
    AlertData alerts;

    private long count(String sql, UUID account) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery(sql).setParameter(1, account).getSingleResult()).longValue());
    }

    @Test
    void threeThreadsFiringAHundredSignalsEachForOneKeyMakeOneIncidentAndOneAlert() throws Exception {
        TestTenants.Person owner = tenants.owner("racing");
        UUID monitor = QuarkusTransaction.requiringNew().call(() -> monitors.create(owner.accountId(), new MonitorDraft(
                "Racing", null, null, "https://racing.example.com/", null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null)).id);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    Signal signal = new Signal(UUID.randomUUID(), owner.accountId(), monitor, Signal.Source.PROBE, Severity.DOWN,
                            "overloaded", "503 overloaded", "Retry with backoff", MutableClock.INSTANCE.instant());
                    QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(signal)));
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        pool.shutdown();

        assertThat(count("select count(*) from incidents where account_id = ?1", owner.accountId())).isEqualTo(1);
        assertThat(count("select signal_count from incidents where account_id = ?1", owner.accountId())).isEqualTo(300);
        assertThat(count("select count(*) from outbox where account_id = ?1 and event_type = 'incident.opened'", owner.accountId()))
                .isEqualTo(1);
    }

    @Test
    void concurrentEventsOfOneIncidentOnSeveralNodesTakeDistinctSequenceNumbers() throws Exception {
        TestTenants.Person owner = tenants.owner("sequenced");
        UUID monitor = QuarkusTransaction.requiringNew().call(() -> monitors.create(owner.accountId(), new MonitorDraft(
                "Sequenced", null, null, "https://sequenced.example.com/", null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null)).id);
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(new Signal(UUID.randomUUID(), owner.accountId(), monitor,
                Signal.Source.PROBE, Severity.DOWN, "overloaded", "503 overloaded", null, MutableClock.INSTANCE.instant()))));
        UUID incident = QuarkusTransaction.requiringNew().call(() -> (UUID) em.createNativeQuery(
                "select id from incidents where account_id = ?1").setParameter(1, owner.accountId()).getSingleResult());
        int threads = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<Long>>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                List<Long> taken = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    long sequence = QuarkusTransaction.requiringNew().call(() -> ((Number) ((java.util.Map<?, ?>) alerts
                            .next(em.find(Incident.class, incident)).data().get("incident")).get("sequence")).longValue());
                    taken.add(sequence);
                }
                return taken;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> worker : workers) {
            all.addAll(worker.get());
        }
        pool.shutdown();

        // The opening took 1; the others, in any interleaving, take 2..101 once each.
        assertThat(all).doesNotHaveDuplicates().hasSize(threads * each)
                .allMatch(n -> n >= 2 && n <= 1 + threads * each);
        assertThat(count("select event_sequence from incidents where account_id = ?1", owner.accountId()))
                .isEqualTo(1 + threads * each);
    }

    @Test
    void aThousandMonitorsFailingAtOnceAcrossThreeClaimersMakeAThousandIncidents() throws Exception {
        TestTenants.Person owner = tenants.owner("thousand");
        MutableClock.INSTANCE.freeze(); // no re-check or next slot falls due while three claimers drain
        try (StubServer stub = StubServer.start()) {
            stub.reply("/down", Reply.of(500, "{}"));
            seeds.seed(owner.accountId(), 1000, stub.url("/down?m="), 30, MutableClock.INSTANCE.instant(), 1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CyclicBarrier start = new CyclicBarrier(3);
            List<Future<Integer>> claimers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                claimers.add(pool.submit(() -> {
                    start.await();
                    int claimed = 0;
                    while (true) {
                        Instant now = MutableClock.INSTANCE.instant();
                        List<ClaimedTarget> batch = claims.claim(now, now, 50, owner.accountId());
                        if (batch.isEmpty()) {
                            return claimed;
                        }
                        List<ProbeRun> runs = batch.stream().map(t -> prober.run(t).toCompletableFuture())
                                .map(CompletableFuture::join).flatMap(List::stream).toList();
                        recorder.record(runs);
                        claimed += batch.size();
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> claimer : claimers) {
                total += claimer.get();
            }
            pool.shutdown();
            assertThat(total).isEqualTo(1000);
        } finally {
            MutableClock.INSTANCE.thaw();
        }
        assertThat(count("select count(*) from incidents where account_id = ?1", owner.accountId())).isEqualTo(1000);
        assertThat(count("select count(distinct dedup_key) from incidents where account_id = ?1", owner.accountId())).isEqualTo(1000);
        assertThat(count("select count(*) from outbox where account_id = ?1 and event_type = 'incident.opened'", owner.accountId()))
                .isEqualTo(1000);
    }
}
