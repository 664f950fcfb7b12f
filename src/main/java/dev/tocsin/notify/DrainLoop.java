package dev.tocsin.notify;

import dev.tocsin.platform.wakeup.DatabaseWakeups;
import dev.tocsin.platform.wakeup.Wakeup;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/**
 * The thread that drains the outbox on a node: it claims while rows are due and there is room, then
 * waits for a committed row's wake-up or, failing one, the poll. A claim that came back short has
 * taken everything due, so the loop waits instead of asking again; wake-ups that arrived during a
 * claim count as one, so a burst of commits costs one more claim, not one per row.
 */
final class DrainLoop implements AutoCloseable {

    static final String CHANNEL = "tocsin_outbox";
    private static final Logger LOG = Logger.getLogger(DrainLoop.class);

    /** Claims up to the given number of rows, starts sending them and returns how many it claimed. */
    private final IntUnaryOperator dispatch;
    private final AtomicInteger inFlight;
    private final int batchSize;
    private final Duration poll;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicInteger claims = new AtomicInteger();
    private final DatabaseWakeups.Subscription subscription;
    private final Thread thread;
    private volatile boolean running = true;

    DrainLoop(String name, IntUnaryOperator dispatch, AtomicInteger inFlight, int batchSize, Duration poll,
              DatabaseWakeups wakeups) {
        this.dispatch = dispatch;
        this.inFlight = inFlight;
        this.batchSize = batchSize;
        this.poll = poll;
        this.subscription = wakeups.subscribe(CHANNEL, wakeup::signal);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Claim transactions made so far. */
    int claims() {
        return claims.get();
    }

    /** Stops claiming: a claim under way finishes, no new one starts. */
    @Override
    public void close() {
        running = false;
        subscription.close();
        thread.interrupt();
    }

    /** Waits at most {@code timeout} for the thread to end after {@link #close()}. */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    /**
     * Claims again as soon as there is room, without waiting for the sends of the last batch: a slow
     * receiver holds up its own deliveries, not everybody's.
     */
    private void run() {
        int cap = 4 * batchSize;
        boolean failing = false;
        while (running) {
            try {
                int room = cap - inFlight.get();
                if (room <= 0) {
                    Thread.sleep(20);
                    continue;
                }
                int limit = Math.min(room, batchSize);
                claims.incrementAndGet();
                int claimed = dispatch.applyAsInt(limit);
                if (failing) {
                    failing = false;
                    LOG.info("Draining the outbox again");
                }
                if (claimed < limit) {
                    wakeup.await(poll);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Once per outage (a database restart fails every claim until it is back), not once a second.
                if (!failing) {
                    LOG.warnf("Draining the outbox failed, retrying every second: %s", e.getMessage());
                } else {
                    LOG.debugf("Draining the outbox failed again: %s", e.getMessage());
                }
                failing = true;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
