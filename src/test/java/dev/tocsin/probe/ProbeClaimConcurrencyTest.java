package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tocsin.testing.MonitorSeeds;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two claimers, each on its own connection and transaction, over 500 due monitors for three
 * intervals: every monitor must be fetched exactly once per interval, counted at the stub.
 */
@QuarkusTest
class ProbeClaimConcurrencyTest {

    private static final int MONITORS = 500;
    private static final int INTERVALS = 3;

    @Inject
    ProbeClaims claims;

    @Inject
    Prober prober;

    @Inject
    ProbeRecorder recorder;

    @Inject
    MonitorSeeds seeds;

    @Inject
    TestTenants tenants;

    @Test
    void twoClaimersRunEveryDueProbeExactlyOncePerInterval() throws Exception {
        UUID account = tenants.owner("concurrent").accountId();
        MutableClock.INSTANCE.freeze();
        try (StubServer stub = StubServer.start()) {
            stub.reply("/m", Reply.of(200, "{}"));
            seeds.seed(account, MONITORS, stub.url("/m?i="), 30, MutableClock.INSTANCE.instant());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<UUID> claimedTargets = Collections.synchronizedList(new ArrayList<>());
            try {
                for (int interval = 0; interval < INTERVALS; interval++) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<Integer>> claimers = new ArrayList<>();
                    for (int c = 0; c < 2; c++) {
                        claimers.add(pool.submit(() -> {
                            start.await();
                            return drain(account, claimedTargets);
                        }));
                    }
                    int first = claimers.get(0).get();
                    int second = claimers.get(1).get();
                    assertThat(first + second).as("targets claimed in interval " + interval).isEqualTo(MONITORS);
                    assertThat(claimedTargets).as("no target claimed twice in interval " + interval).doesNotHaveDuplicates();
                    assertThat(first).as("both claimers took part").isPositive();
                    assertThat(second).as("both claimers took part").isPositive();
                    claimedTargets.clear();
                    MutableClock.INSTANCE.advance(Duration.ofSeconds(30));
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Integer> hits = stub.hitsByUri();
            assertThat(hits).hasSize(MONITORS);
            assertThat(hits.values()).as("fetches per monitor").allMatch(count -> count == INTERVALS);
        } finally {
            MutableClock.INSTANCE.thaw();
        }
    }

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void regularRunsSpreadOverTheWholeIntervalEvenForTargetsCreatedTogether() {
        UUID account = tenants.owner("spread").accountId();
        Instant now = MutableClock.INSTANCE.instant();
        seeds.seed(account, 200, "http://127.0.0.1:9/spread?i=", 300, now);
        // As a bulk import leaves them: every target due at the same instant.
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update probe_targets set next_run_at = ?1 where target_key like 'seed:' || ?2 || ':%'")
                .setParameter(1, now).setParameter(2, account.toString()).executeUpdate());
        assertThat(claims.claim(now, now, 500, account)).hasSize(200);

        @SuppressWarnings("unchecked")
        List<Number> offsets = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select extract(epoch from next_run_at - cast(?1 as timestamptz)) from probe_targets
                where target_key like 'seed:' || ?2 || ':%'""").setParameter(1, now).setParameter(2, account.toString())
                .getResultList());
        assertThat(offsets).allMatch(o -> o.doubleValue() >= 270 && o.doubleValue() < 570,
                "the next run 0.9 to 1.9 intervals away");
        long slicesUsed = offsets.stream().map(o -> (int) (Math.floorMod(Math.round(o.doubleValue() + epoch(now)), 300) / 30))
                .distinct().count();
        assertThat(slicesUsed).as("of the ten 30 s slices of the interval").isGreaterThanOrEqualTo(9);

        // Claimed ahead of time (the lookahead) and on time, each next run is exactly one interval on.
        Map<UUID, Double> first = nextRuns(account);
        assertThat(claims.claim(now.plusSeconds(270), now.plusSeconds(570), 500, account)).hasSize(200);
        Map<UUID, Double> second = nextRuns(account);
        assertThat(second).allSatisfy((target, at) -> assertThat(at - first.get(target)).isCloseTo(300.0, within(1e-3)));
    }

    private Map<UUID, Double> nextRuns(UUID account) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select id, extract(epoch from next_run_at) from probe_targets where target_key like 'seed:' || ?1 || ':%'""",
                Object[].class).setParameter(1, account.toString()).getResultList());
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> (UUID) r[0], r -> ((Number) r[1]).doubleValue()));
    }

    private static long epoch(Instant at) {
        return at.getEpochSecond();
    }

    /** Claims small batches until nothing is due, running and recording each; returns targets claimed. */
    private int drain(UUID account, List<UUID> claimedTargets) {
        int total = 0;
        while (true) {
            Instant now = MutableClock.INSTANCE.instant();
            List<ClaimedTarget> batch = claims.claim(now, now, 20, account);
            if (batch.isEmpty()) {
                return total;
            }
            batch.forEach(t -> claimedTargets.add(t.targetId()));
            List<ProbeRun> runs = batch.stream().map(t -> prober.run(t).toCompletableFuture())
                    .map(CompletableFuture::join).flatMap(List::stream).toList();
            recorder.record(runs);
            total += batch.size();
        }
    }
}
