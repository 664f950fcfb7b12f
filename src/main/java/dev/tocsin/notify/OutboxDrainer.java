package dev.tocsin.notify;

import dev.tocsin.platform.wakeup.DatabaseWakeups;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows, on every node. A claim ({@link DeliveryClaims}) takes due rows, counts the
 * attempt and pushes the row's next attempt a lease ahead, all in one short transaction; the sending
 * happens after it commits, never inside a transaction that decided to send. A node that dies after
 * claiming leaves the row to come due again when the lease ends. The result is written only if
 * the row still carries this attempt's number, so a late node cannot overwrite a newer attempt.
 * <p>
 * Mail and HTTP are claimed apart: HTTP sends are asynchronous and short, but mail waits for a few
 * blocking SMTP threads, so no more mail is claimed than those threads finish within one lease
 * ({@link Transports#mailCapacity()}); a claimed row that waited too long anyway is not sent but handed
 * back untouched ({@link DeliveryRecorder#release}), so a slow SMTP server delays alerts but never doubles them.
 */
@ApplicationScoped
public class OutboxDrainer {

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);

    /** How long a stopping node waits for its sends under way before handing them back. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final DeliveryClaims claims;
    private final Transports transports;
    private final DeliveryRecorder recorder;
    private final NotifyConfig config;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final DatabaseWakeups wakeups;
    /** What a claim takes: rows of email channels, of the others, or (null) both. */
    public enum Lane {
        MAIL, HTTP;

        static Lane of(Delivery d) {
            return "email".equals(d.channel().type()) ? MAIL : HTTP;
        }
    }

    /** Sends started and not yet recorded, per lane; the loop claims more only while these stay under their caps. */
    private final AtomicInteger mailInFlight = new AtomicInteger();
    private final AtomicInteger httpInFlight = new AtomicInteger();
    /** Deliveries claimed here and not yet recorded, with the attempt they were claimed for. */
    private final Map<UUID, Integer> claimedHere = new ConcurrentHashMap<>();
    // Recording blocks on the database, so it runs on threads of its own, never on an event loop.
    private final ExecutorService recorders = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "tocsin-delivery-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private DrainLoop loop;

    OutboxDrainer(DeliveryClaims claims, Transports transports, DeliveryRecorder recorder, NotifyConfig config,
                  DeliveryMetrics metrics, Clock clock, DatabaseWakeups wakeups) {
        this.claims = claims;
        this.transports = transports;
        this.recorder = recorder;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.wakeups = wakeups;
    }

    void onStart(@Observes StartupEvent event) {
        metrics.depth(recorder::pending);
        if (!config.enabled()) {
            LOG.info("Alert delivery is off on this node (tocsin.notify.enabled=false)");
            return;
        }
        transports.checkLease();
        loop = startLoop(null, config.pollInterval());
    }

    /**
     * A stopping node claims nothing more, lets the sends under way finish and be recorded for a few
     * seconds, and hands the rest back so that other nodes send them now instead of when the lease ends.
     * A send handed back may still reach its receiver: it is then sent twice, with the same webhook-id.
     */
    void onStop(@Observes ShutdownEvent event) {
        try {
            if (loop != null) {
                loop.close();
                loop.join(STOP_WAIT);
            }
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            while (mailInFlight.get() + httpInFlight.get() > 0 && System.nanoTime() < deadline) {
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
            int handed = claims.handBack(unrecorded);
            LOG.infof("Stopping: handed back %d claimed deliveries", handed);
        } catch (RuntimeException e) {
            LOG.warnf("Stopping: could not hand back %d claimed deliveries; they are due when their lease ends (%s)",
                    unrecorded.size(), e.getMessage());
        }
    }

    /**
     * Starts a draining thread (of one account's deliveries only when {@code onlyAccount} is not null:
     * tests share a database) that polls every {@code poll} and is woken by every committed row.
     */
    DrainLoop startLoop(UUID onlyAccount, Duration poll) {
        return new DrainLoop("tocsin-outbox-drainer", () -> pass(onlyAccount), poll, wakeups);
    }

    /** Claims what each lane has room for; a lane whose claim came back full may have more due. */
    private DrainLoop.Pass pass(UUID onlyAccount) {
        int mailRoom = room(Lane.MAIL);
        int httpRoom = room(Lane.HTTP);
        int mail = dispatch(Lane.MAIL, mailRoom, onlyAccount).size();
        int http = dispatch(Lane.HTTP, httpRoom, onlyAccount).size();
        boolean more = mailRoom > 0 && mail == mailRoom || httpRoom > 0 && http == httpRoom;
        DrainLoop.Room room = mailRoom > 0 && httpRoom > 0 ? DrainLoop.Room.ALL
                : mailRoom > 0 || httpRoom > 0 ? DrainLoop.Room.SOME : DrainLoop.Room.NONE;
        return new DrainLoop.Pass(mail + http, more, room);
    }

    /** Claims one batch of due deliveries, sends them concurrently, records each result; returns how many. */
    public int runDue() {
        return runDue(null);
    }

    /** As {@link #runDue()}, for one account's deliveries only when {@code onlyAccount} is not null (tests share a database). */
    public int runDue(UUID onlyAccount) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(dispatch(Lane.MAIL, room(Lane.MAIL), onlyAccount));
        sends.addAll(dispatch(Lane.HTTP, room(Lane.HTTP), onlyAccount));
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return sends.size();
    }

    /** How many more deliveries of the lane may be claimed now, at most one batch. */
    private int room(Lane lane) {
        int cap = lane == Lane.MAIL ? transports.mailCapacity() : 4 * config.batchSize();
        return Math.min(config.batchSize(), cap - inFlight(lane).get());
    }

    private AtomicInteger inFlight(Lane lane) {
        return lane == Lane.MAIL ? mailInFlight : httpInFlight;
    }

    private List<CompletableFuture<Void>> dispatch(Lane lane, int limit, UUID onlyAccount) {
        return limit <= 0 ? List.of() : deliver(claim(lane, limit, onlyAccount));
    }

    /**
     * Starts sending deliveries this node claimed; the futures end when each is recorded, or handed back
     * because its lease would have run out before its send could finish.
     */
    public List<CompletableFuture<Void>> deliver(List<Delivery> claimed) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Delivery d : claimed) {
            AtomicInteger inFlight = inFlight(Lane.of(d));
            inFlight.incrementAndGet();
            claimedHere.put(d.id(), d.attempt());
            sends.add(send(d).handle((result, e) -> e == null ? Optional.of(result)
                            : unwrap(e) instanceof Transports.LeaseRanOut ? Optional.<DeliveryResult>empty() : Optional.of(internalError(d, e)))
                    .thenAcceptAsync(result -> result.ifPresentOrElse(r -> record(d, r), () -> release(d)), recorders)
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

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Not sent: the row goes back as it was before this claim, due now, for whichever node claims next. */
    private void release(Delivery d) {
        metrics.leaseRanOut(d.channel().type());
        if (recorder.release(d)) {
            LOG.debugf("Delivery %s waited too long to be sent within its lease; handed back", d.id());
        }
    }

    /**
     * A send that failed in our own code: retried, and described without internals in the delivery log.
     * Only the exception's type is logged: its message may quote the target, and a Slack or Discord
     * webhook URL is itself a secret.
     */
    private static DeliveryResult internalError(Delivery d, Throwable e) {
        Throwable cause = unwrap(e);
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

    /** Claims up to {@code limit} due rows of any channel (of one account, when given) for one attempt each. */
    public List<Delivery> claim(int limit, UUID onlyAccount) {
        return claim(null, limit, onlyAccount);
    }

    /** As {@link #claim(int, UUID)}, of one lane's channels only when {@code lane} is not null. */
    public List<Delivery> claim(Lane lane, int limit, UUID onlyAccount) {
        return claims.claim(lane, limit, onlyAccount);
    }
}
