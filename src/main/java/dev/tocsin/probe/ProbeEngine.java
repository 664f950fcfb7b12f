package dev.tocsin.probe;

import dev.tocsin.signal.Signal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drives probing on this node. A claimer thread claims targets due within the lookahead and hands each
 * to a timer that starts it exactly at its due time; probes run on the outbound seam's event loops;
 * a writer thread records finished runs in batches. Three threads in all, whatever the number of
 * monitors. With {@code tocsin.probes.enabled=false} nothing runs on its own and {@link #runDue} is the
 * only way in (tests, and a manual run).
 */
@ApplicationScoped
public class ProbeEngine {

    private static final Logger LOG = Logger.getLogger(ProbeEngine.class);
    /** How long a stopping node waits for started probes to finish and be written (the longest timeout is 60 s). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final ProbeClaims claims;
    private final Prober prober;
    private final ProbeRecorder recorder;
    private final ProbeMetrics metrics;
    private final ProbeConfig config;
    private final Clock clock;
    /** Runs of one target each, probed and not yet written; they still count as in flight. */
    private final BlockingQueue<List<ProbeRun>> finished = new LinkedBlockingQueue<>();
    /** Claimed targets whose timer has not fired yet, by id: what a stopping node hands back. */
    private final Map<UUID, ClaimedTarget> waiting = new ConcurrentHashMap<>();
    private volatile boolean running;
    private ScheduledExecutorService timer;
    private Thread claimer;
    private Thread writer;

    ProbeEngine(ProbeClaims claims, Prober prober, ProbeRecorder recorder, ProbeMetrics metrics, ProbeConfig config, Clock clock) {
        this.claims = claims;
        this.prober = prober;
        this.recorder = recorder;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** What one synchronous pass did. */
    public record Pass(int targets, List<ProbeRun> runs, List<Signal> signals) {
    }

    /**
     * Claims what is due now, runs it, waits for every probe and records the runs.
     *
     * @param onlyAccount when not null, only targets serving that account
     */
    public Pass runDue(UUID onlyAccount) {
        return runDue(onlyAccount, null);
    }

    /**
     * The same as a node of {@code region} would (null: this node's own region): what tests of several
     * regions use on one node.
     */
    public Pass runDue(UUID onlyAccount, String region) {
        Instant now = clock.instant();
        List<ClaimedTarget> claimed = region == null ? claims.claim(now, now, config.claimBatchSize(), onlyAccount)
                : claims.claim(now, now, config.claimBatchSize(), onlyAccount, region);
        metrics.claimed(claimed.size());
        List<CompletableFuture<List<ProbeRun>>> probes = claimed.stream().map(target -> {
            metrics.started(Duration.between(target.dueAt(), clock.instant()));
            return prober.run(target).toCompletableFuture().whenComplete((runs, failure) -> metrics.finished());
        }).toList();
        List<ProbeRun> runs = probes.stream().flatMap(probe -> probe.join().stream()).toList();
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < runs.size(); i += config.writeBatchSize()) {
            signals.addAll(record(runs.subList(i, Math.min(runs.size(), i + config.writeBatchSize()))));
        }
        return new Pass(claimed.size(), runs, List.copyOf(signals));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Probing is off on this node (tocsin.probes.enabled=false)");
            return;
        }
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(daemon("tocsin-probe-timer"));
        claimer = daemon("tocsin-probe-claimer").newThread(this::claimLoop);
        writer = daemon("tocsin-probe-writer").newThread(this::writeLoop);
        claimer.start();
        writer.start();
    }

    /**
     * A stopping node claims nothing more, hands back the runs it claimed and has not started (another node
     * runs them on time), and writes the results of the probes already started, which end within their
     * timeout.
     */
    void onStop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        claimer.interrupt();
        try {
            claimer.join(Duration.ofSeconds(5).toMillis());
            timer.shutdownNow();
            List<ClaimedTarget> unstarted = new ArrayList<>();
            for (ClaimedTarget target : List.copyOf(waiting.values())) {
                if (waiting.remove(target.targetId(), target)) {
                    unstarted.add(target);
                }
            }
            handBack(unstarted);
            writer.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handBack(List<ClaimedTarget> unstarted) {
        try {
            claims.handBack(unstarted);
            LOG.infof("Stopping: handed back %d claimed probe runs", unstarted.size());
        } catch (RuntimeException e) {
            LOG.warnf("Stopping: could not hand back %d claimed probe runs; they run at their next slot (%s)",
                    unstarted.size(), e.getMessage());
        }
        unstarted.forEach(target -> metrics.released());
    }

    private void claimLoop() {
        while (running) {
            try {
                claimDue();
                Thread.sleep(config.pollInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Claiming due probes failed, retrying: %s", e.getMessage());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    /** Claims in batches until nothing more is due within the lookahead or this node is at capacity. */
    private void claimDue() {
        while (running) {
            // Targets claimed and not yet written count, not only probes started: a backlog waiting on the
            // timer must not be claimed batch after batch past the cap.
            int capacity = config.maxInFlight() - metrics.holding();
            if (capacity <= 0) {
                return;
            }
            Instant now = clock.instant();
            int limit = Math.min(config.claimBatchSize(), capacity);
            List<ClaimedTarget> claimed = claims.claim(now, now.plus(config.lookahead()), limit, null);
            metrics.held(claimed.size());
            metrics.claimed(claimed.size());
            for (ClaimedTarget target : claimed) {
                long delay = Duration.between(clock.instant(), target.dueAt()).toMillis();
                waiting.put(target.targetId(), target);
                // Whoever takes the target out of the waiting map owns it: this timer, or a stop handing it back.
                timer.schedule(() -> {
                    if (waiting.remove(target.targetId(), target)) {
                        launch(target);
                    }
                }, Math.max(0, delay), TimeUnit.MILLISECONDS);
            }
            if (claimed.size() < limit) {
                return;
            }
        }
    }

    private void launch(ClaimedTarget target) {
        metrics.started(Duration.between(target.dueAt(), clock.instant()));
        try {
            // A probe stays in flight until its runs are written, so a writer that falls behind slows
            // claiming (the in-flight cap) instead of letting a queue of results grow without limit.
            prober.run(target).whenComplete((runs, failure) -> {
                if (failure != null) {
                    LOG.errorf("Probe of target %s failed unexpectedly (%s)", target.targetId(), failure.getClass().getSimpleName());
                    finished.add(Prober.failed(target, clock.instant(), Prober.unbuildable("an internal error")));
                } else {
                    finished.add(runs);
                }
            });
        } catch (RuntimeException e) {
            // Recorded as a failed run so the monitor leaves "pending" and can alert, instead of going silent.
            LOG.errorf("Probe of target %s could not start (%s)", target.targetId(), e.getClass().getSimpleName());
            finished.add(Prober.failed(target, clock.instant(), Prober.unbuildable("an internal error")));
        }
    }

    private void writeLoop() {
        List<ProbeRun> batch = new ArrayList<>();
        // After a stop, until every started probe is written: holding counts them until then.
        while (running || !finished.isEmpty() || metrics.holding() > 0) {
            int targets = 0;
            try {
                List<ProbeRun> first = finished.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.addAll(first);
                targets++;
                // Runs finish a few at a time: waiting a moment for more makes one transaction of many.
                long until = System.nanoTime() + config.writeLinger().toNanos();
                List<ProbeRun> next;
                while (batch.size() < config.writeBatchSize()
                        && (next = finished.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                    batch.addAll(next);
                    targets++;
                }
                record(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recording %d probe results failed; they are lost, the schedule goes on", batch.size());
            } finally {
                for (int i = 0; i < targets; i++) {
                    done();
                }
                batch.clear();
            }
        }
    }

    /** One claimed target is written (or lost): it no longer counts against the cap. */
    private void done() {
        metrics.finished();
        metrics.released();
    }

    private List<Signal> record(List<ProbeRun> runs) {
        ProbeRecorder.Recorded recorded = recorder.record(runs);
        runs.forEach(metrics::recorded);
        metrics.signalled(recorded.signals().size());
        return recorded.signals();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
