package dev.tocsin.platform.wakeup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes the outbox drainers of this node when any node commits a row, through PostgreSQL
 * {@code LISTEN/NOTIFY} (the triggers of V19 send the notifications, at commit only). One connection per
 * node listens, outside the pool: a pooled connection held forever would be one fewer for requests, and
 * the pool's validation and eviction would close it under us. When it drops, the node falls back to
 * its polls, reconnects with a growing pause, and wakes every subscriber once it is back, since what
 * was committed meanwhile sent its notification to nobody. One warning per outage, not per attempt.
 */
@ApplicationScoped
public class DatabaseWakeups {

    private static final Logger LOG = Logger.getLogger(DatabaseWakeups.class);
    /** How long one read waits for a notification; also how soon a new subscriber's channel is listened to. */
    private static final int READ_MILLIS = 500;
    /** A connection quiet for this long is asked whether it is still there (a silent network drop). */
    private static final long CHECK_NANOS = Duration.ofSeconds(30).toNanos();
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 10_000;

    private final WakeupConfig config;
    private final ListenerConnections connections;
    private final MeterRegistry registry;
    private final Map<String, List<Runnable>> subscribers = new ConcurrentHashMap<>();
    /** Channels LISTENed on the current connection; empty while there is none. */
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private volatile boolean connected;
    private volatile boolean running;
    private Thread thread;

    DatabaseWakeups(WakeupConfig config, ListenerConnections connections, MeterRegistry registry) {
        this.config = config;
        this.connections = connections;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("tocsin.wakeups.connected", this, w -> w.connected ? 1 : 0)
                .description("1 while this node listens for committed outbox rows, 0 while it only polls").register(registry);
        if (!config.enabled()) {
            LOG.info("Outbox wake-ups are off on this node (tocsin.wakeups.enabled=false): the outboxes are only polled");
            return;
        }
        running = true;
        thread = new Thread(this::listen, "tocsin-wakeups");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(2 * READ_MILLIS);
        }
    }

    /**
     * Runs {@code onWake} after every commit that notifies {@code channel}, on any node, once when the
     * channel is first listened to, and once each time the connection comes back: a commit made while
     * nobody listened notified nobody. It runs on the listening thread, so it must only hand work on.
     */
    public Subscription subscribe(String channel, Runnable onWake) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onWake);
        return () -> subscribers.get(channel).remove(onWake);
    }

    /** Whether this node is listening now. */
    public boolean connected() {
        return connected;
    }

    /** Whether a commit notifying {@code channel} wakes this node's subscribers now. */
    public boolean listening(String channel) {
        return connected && listening.contains(channel);
    }

    /** Stops one subscriber's wake-ups. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private void listen() {
        long pause = FIRST_PAUSE_MILLIS;
        long outageStart = 0;
        int attempts = 0;
        while (running) {
            try (Connection connection = connections.open()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                connected = true;
                if (outageStart != 0) {
                    LOG.infof("Listening for outbox wake-ups again, %d ms and %d attempt(s) after the connection was lost",
                            (System.nanoTime() - outageStart) / 1_000_000L, attempts);
                }
                outageStart = 0;
                attempts = 0;
                pause = FIRST_PAUSE_MILLIS;
                receive(connection, pg);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                attempts++;
                if (outageStart == 0) {
                    outageStart = System.nanoTime();
                    LOG.warnf("Not listening for outbox wake-ups (%s); deliveries wait for the poll until the connection is back",
                            describe(e));
                } else {
                    LOG.debugf("Listening for outbox wake-ups: attempt %d failed (%s)", attempts, describe(e));
                }
            } finally {
                lost();
            }
            if (!pauseBeforeRetry(pause)) {
                return;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    /** Reads notifications until the connection fails or the node stops. */
    private void receive(Connection connection, PGConnection pg) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            // What committed before a channel was listened to notified nobody: one pass catches up.
            wakeAll(listenToNew(connection));
            PGNotification[] batch = pg.getNotifications(READ_MILLIS);
            if (batch != null && batch.length > 0) {
                quietSince = System.nanoTime();
                wakeAll(channels(batch));
            } else if (System.nanoTime() - quietSince > CHECK_NANOS) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** The channels of one read, each once: a burst of commits wakes each subscriber once. */
    private Set<String> channels(PGNotification[] batch) {
        Set<String> channels = new LinkedHashSet<>();
        for (PGNotification n : batch) {
            channels.add(n.getName());
            registry.counter("tocsin.wakeups.received", "channel", n.getName()).increment();
        }
        return channels;
    }

    /** LISTENs to the channels subscribed since the last look; returns them. */
    private Set<String> listenToNew(Connection connection) throws SQLException {
        Set<String> added = new LinkedHashSet<>();
        for (String channel : subscribers.keySet()) {
            if (!listening.contains(channel)) {
                try (Statement listen = connection.createStatement()) {
                    // Channel names are constants of the code, never input; quoted as identifiers all the same.
                    listen.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                }
                listening.add(channel);
                added.add(channel);
            }
        }
        return added;
    }

    private void wakeAll(Set<String> channels) {
        for (String channel : channels) {
            for (Runnable wake : subscribers.getOrDefault(channel, List.of())) {
                try {
                    wake.run();
                } catch (RuntimeException e) {
                    LOG.errorf("A wake-up of %s failed (%s)", channel, e.getClass().getName());
                }
            }
        }
    }

    private void lost() {
        connected = false;
        listening.clear();
    }

    /** Sleeps between a half and the whole of {@code pause}, so that nodes do not reconnect in step. */
    private boolean pauseBeforeRetry(long pause) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** The driver's words only: they name the host and the user, never the password. */
    private static String describe(Exception e) {
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? " [" + sql.getSQLState() + "]" : "";
        return e.getClass().getSimpleName() + state + ": " + e.getMessage();
    }
}
