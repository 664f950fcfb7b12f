package dev.tocsin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.probe.ProbeEngine;
import java.time.Duration;
import java.util.UUID;

/** Runs an account's due probes, moving the test clock in small steps instead of waiting. */
public final class ProbeRuns {

    private ProbeRuns() {
    }

    /**
     * Until at least {@code runs} runs of the account have happened, moving the clock 2 s at a time for
     * at most 5 minutes: first runs fall within 30 s, re-checks after 10 s, and the second regular run
     * up to 1.9 intervals after the first (it moves onto the target's phase).
     */
    public static void run(ProbeEngine engine, UUID account, int runs) {
        int done = 0;
        for (int step = 0; step < 150 && done < runs; step++) {
            done += engine.runDue(account).runs().size();
            if (done < runs) {
                MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
            }
        }
        assertThat(done).as("probe runs").isGreaterThanOrEqualTo(runs);
    }
}
