package dev.tocsin.platform.wakeup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A wake-up signal that coalesces: any number of signals given while the waiter is busy wake it once,
 * so a burst of commits becomes one pass over the table, not one per row.
 */
public final class Wakeup {

    private boolean signaled;

    /** Wakes the waiter now, or makes its next {@link #await} return at once. Never blocks. */
    public synchronized void signal() {
        signaled = true;
        notifyAll();
    }

    /** Waits for a signal at most {@code timeout}; returns whether one came, and consumes it. */
    public synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!signaled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        signaled = false;
        return true;
    }
}
