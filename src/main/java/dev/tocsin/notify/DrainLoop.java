package dev.tocsin.notify;

import dev.tocsin.platform.wakeup.DatabaseWakeups;
import dev.tocsin.platform.wakeup.Wakeup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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

    /** What one pass over the drainer's lanes found. */
    record Pass(int claimed, boolean more, Room room) {
    }

    /** Whether the lanes had room to claim: all of them, some (one is at its cap), or none. */
    enum Room {
        ALL, SOME, NONE
    }

    /** While a lane is full, the others are claimed this often at least, so that the full one resumes soon after it drains. */
    private static final Duration WHILE_A_LANE_IS_FULL = Duration.ofMillis(200);

    /** Claims what each lane has room for, starts sending it, and says what it found. */
    private final Supplier<Pass> drain;
    private final Duration poll;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicInteger claims = new AtomicInteger();
    private final DatabaseWakeups.Subscription subscription;
    private final Thread thread;
    private volatile boolean running = true;

    DrainLoop(String name, Supplier<Pass> drain, Duration poll, DatabaseWakeups wakeups) {
        this.drain = drain;
        this.poll = poll;
        this.subscription = wakeups.subscribe(CHANNEL, wakeup::signal);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Claim passes made so far (a pass claims each lane that has room). */
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
        boolean failing = false;
        while (running) {
            try {
                Pass pass = drain.get();
                if (pass.room() != Room.NONE) {
                    claims.incrementAndGet();
                }
                if (failing) {
                    failing = false;
                    LOG.info("Draining the outbox again");
                }
                if (pass.room() == Room.NONE) {
                    Thread.sleep(20);
                } else if (!pass.more()) {
                    wakeup.await(pass.room() == Room.SOME && WHILE_A_LANE_IS_FULL.compareTo(poll) < 0 ? WHILE_A_LANE_IS_FULL : poll);
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
