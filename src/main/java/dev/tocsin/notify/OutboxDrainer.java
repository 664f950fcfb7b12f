package dev.tocsin.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows, on every node. A claim takes due rows {@code FOR UPDATE SKIP LOCKED}, counts
 * the attempt and pushes the row's next attempt a lease ahead, all in one short transaction; the
 * sending happens after it commits, never inside a transaction that decided to send. A node that dies
 * after claiming leaves the row to come due again when the lease ends. The result is written only if
 * the row still carries this attempt's number, so a late node cannot overwrite a newer attempt.
 */
@ApplicationScoped
public class OutboxDrainer {

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);

    private static final String CLAIM = """
            with due as (
                select id from outbox where status = 'pending' and next_attempt_at <= ?
                  and (?::uuid is null or account_id = ?::uuid)
                order by next_attempt_at limit ? for update skip locked)
            update outbox o set attempts = o.attempts + 1, next_attempt_at = ?, lease_until = ?
            from due where o.id = due.id
            returning o.id, o.account_id, o.incident_id, o.channel_id, o.event_type, o.payload::text, o.attempts, o.created_at""";

    // Only rows still carrying the attempt claimed here: one recorded meanwhile, or claimed again, is left alone.
    private static final String HAND_BACK = """
            update outbox o set next_attempt_at = ?, lease_until = null
            from unnest(?::uuid[], ?::integer[]) as h(id, attempt)
            where o.id = h.id and o.attempts = h.attempt and o.status = 'pending'""";
    /** How long a stopping node waits for its sends under way before handing them back. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Transports transports;
    private final DeliveryRecorder recorder;
    private final DeliveryTargets targets;
    private final NotifyConfig config;
    private final DeliveryMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    /** Sends started and not yet recorded; the loop claims more only while this stays under its cap. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Deliveries claimed here and not yet recorded, with the attempt they were claimed for. */
    private final Map<UUID, Integer> claimedHere = new ConcurrentHashMap<>();
    // Recording blocks on the database, so it runs on threads of its own, never on an event loop.
    private final ExecutorService recorders = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "tocsin-delivery-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private Thread loop;

    OutboxDrainer(DataSource dataSource, Transports transports, DeliveryRecorder recorder, DeliveryTargets targets,
                  NotifyConfig config, DeliveryMetrics metrics, ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.transports = transports;
        this.recorder = recorder;
        this.targets = targets;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        metrics.depth(recorder::pending);
        if (!config.enabled()) {
            LOG.info("Alert delivery is off on this node (tocsin.notify.enabled=false)");
            return;
        }
        running = true;
        loop = new Thread(this::drainLoop, "tocsin-outbox-drainer");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * A stopping node claims nothing more, lets the sends under way finish and be recorded for a few
     * seconds, and hands the rest back so that other nodes send them now instead of when the lease ends.
     * A send handed back may still reach its receiver: it is then sent twice, with the same webhook-id.
     */
    void onStop(@Observes ShutdownEvent event) {
        running = false;
        try {
            if (loop != null) {
                loop.interrupt();
                loop.join(STOP_WAIT.toMillis());
            }
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handBack(Map.copyOf(claimedHere));
        recorders.shutdown();
    }

    private void handBack(Map<UUID, Integer> unrecorded) {
        if (unrecorded.isEmpty()) {
            return;
        }
        try {
            int handed = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(HAND_BACK)) {
                    update.setTimestamp(1, Timestamp.from(clock.instant()));
                    update.setArray(2, c.createArrayOf("uuid", unrecorded.keySet().toArray()));
                    update.setArray(3, c.createArrayOf("integer", unrecorded.keySet().stream().map(unrecorded::get).toArray()));
                    return update.executeUpdate();
                }
            });
            LOG.infof("Stopping: handed back %d claimed deliveries", handed);
        } catch (RuntimeException e) {
            LOG.warnf("Stopping: could not hand back %d claimed deliveries; they are due when their lease ends (%s)",
                    unrecorded.size(), e.getMessage());
        }
    }

    /**
     * Claims again as soon as there is room, without waiting for the sends of the last batch: a slow
     * receiver holds up its own deliveries, not everybody's.
     */
    private void drainLoop() {
        int cap = 4 * config.batchSize();
        while (running) {
            try {
                int room = cap - inFlight.get();
                if (room <= 0 || dispatch(Math.min(room, config.batchSize()), null).isEmpty()) {
                    Thread.sleep(room <= 0 ? 20 : config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Draining the outbox failed, retrying: %s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Claims one batch of due deliveries, sends them concurrently, records each result; returns how many. */
    public int runDue() {
        return runDue(null);
    }

    /** As {@link #runDue()}, for one account's deliveries only when {@code onlyAccount} is not null (tests share a database). */
    public int runDue(UUID onlyAccount) {
        List<CompletableFuture<Void>> sends = dispatch(config.batchSize(), onlyAccount);
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return sends.size();
    }

    /** Claims up to {@code limit} deliveries and starts sending each; the futures end when each is recorded. */
    private List<CompletableFuture<Void>> dispatch(int limit, UUID onlyAccount) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Delivery d : claim(limit, onlyAccount)) {
            inFlight.incrementAndGet();
            claimedHere.put(d.id(), d.attempt());
            sends.add(send(d).exceptionally(e -> internalError(d, e))
                    .thenAcceptAsync(result -> record(d, result), recorders)
                    .whenComplete((done, failure) -> {
                        claimedHere.remove(d.id());
                        inFlight.decrementAndGet();
                        if (failure != null) {
                            LOG.errorf(failure, "Recording delivery %s failed; it is due again when its lease ends", d.id());
                        }
                    }));
        }
        return sends;
    }

    /**
     * A send that failed in our own code: retried, and described without internals in the delivery log.
     * Only the exception's type is logged: its message may quote the target, and a Slack or Discord
     * webhook URL is itself a secret.
     */
    private static DeliveryResult internalError(Delivery d, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.errorf("Sending delivery %s failed unexpectedly (%s); it will be retried", d.id(), cause.getClass().getName());
        return new DeliveryResult(DeliveryResult.Outcome.RETRY, null, "internal error while sending; it will be retried", 0);
    }

    /** Starts one send; whatever goes wrong comes back as a failed future, so the in-flight count always falls again. */
    private CompletableFuture<DeliveryResult> send(Delivery d) {
        Delivery.Target channel = d.channel();
        if (!channel.enabled()) {
            return CompletableFuture.completedFuture(DeliveryResult.refused("channel disabled"));
        }
        if (!channel.canReceive()) {
            return CompletableFuture.completedFuture(DeliveryResult.refused(
                    "the channel's address has not been confirmed since it was changed"));
        }
        if (channel.target() == null) {
            return CompletableFuture.completedFuture(new DeliveryResult(DeliveryResult.Outcome.RETRY, null,
                    "the channel's webhook URL or key cannot be decrypted with the configured credential keys", 0));
        }
        if ("webhook".equals(channel.type()) && channel.secret() == null) {
            return CompletableFuture.completedFuture(new DeliveryResult(DeliveryResult.Outcome.RETRY, null,
                    "the channel's signing secret cannot be decrypted with the configured credential keys", 0));
        }
        try {
            return transports.send(d).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void record(Delivery d, DeliveryResult result) {
        metrics.attempted(d.channel().type(), result.outcome());
        if (recorder.record(d, result) && result.outcome() == DeliveryResult.Outcome.DELIVERED) {
            metrics.delivered(Duration.between(d.createdAt(), clock.instant()));
        }
    }

    /** Claims up to {@code limit} due rows (of one account, when given) for one attempt each. */
    public List<Delivery> claim(int limit, UUID onlyAccount) {
        Instant now = clock.instant();
        Instant leaseEnd = now.plus(config.lease());
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setTimestamp(1, Timestamp.from(now));
                claim.setObject(2, onlyAccount);
                claim.setObject(3, onlyAccount);
                claim.setInt(4, limit);
                claim.setTimestamp(5, Timestamp.from(leaseEnd));
                claim.setTimestamp(6, Timestamp.from(leaseEnd));
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant()});
                    }
                }
                Map<UUID, Delivery.Target> channels = targets.read(c, rows.stream().map(r -> (UUID) r[3]).distinct().toList());
                List<Delivery> claimed = new ArrayList<>();
                for (Object[] r : rows) {
                    claimed.add(new Delivery((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[4], json.readTree((String) r[5]),
                            (Integer) r[6], (Instant) r[7], channels.get((UUID) r[3])));
                }
                return claimed;
            }
        });
    }
}
