package dev.tocsin.platform.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupTest {

    @Test
    void signalsGivenWhileTheWaiterIsBusyWakeItOnce() throws Exception {
        Wakeup wakeup = new Wakeup();
        for (int i = 0; i < 50; i++) {
            wakeup.signal();
        }
        assertThat(wakeup.await(Duration.ofSeconds(5))).isTrue();
        assertThat(wakeup.await(Duration.ofMillis(50))).as("the other 49 were the same wake-up").isFalse();
    }

    @Test
    void aWaiterWakesWhenSignalledAndNotBefore() throws Exception {
        Wakeup wakeup = new Wakeup();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return wakeup.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(woken).isNotDone();
        long start = System.nanoTime();
        wakeup.signal();
        assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void withoutASignalTheWaitEndsAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        assertThat(new Wakeup().await(Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
}
