package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

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
        }
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
