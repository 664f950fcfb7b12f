package dev.tocsin.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's Prometheus metrics (docs/operations.md explains each): probes by outcome and cause,
 * probe latency, scheduling lag (actual start minus due time), claim batch size, probes in flight, and
 * targets held (claimed by the background loop and not yet written: what the in-flight cap counts).
 */
@ApplicationScoped
public class ProbeMetrics {

    private final MeterRegistry registry;
    private final Timer lag;
    private final Timer latency;
    private final DistributionSummary claimed;
    private final Counter signals;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("tocsin.probe.scheduling.lag").description("Actual start of a probe minus its due time")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.latency = Timer.builder("tocsin.probe.latency").description("Time from DNS lookup to the last body byte")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.claimed = DistributionSummary.builder("tocsin.probe.claim.batch").description("Targets claimed per claim transaction")
                .register(registry);
        this.signals = Counter.builder("tocsin.signals").description("Confirmed changes raised by probes").tag("source", "probe")
                .register(registry);
        registry.gauge("tocsin.probes.in.flight", inFlight);
        registry.gauge("tocsin.probe.targets.held", held);
    }

    /** Targets the background loop has claimed; they count against the cap until {@link #released()}. */
    void held(int targets) {
        held.addAndGet(targets);
    }

    void released() {
        held.decrementAndGet();
    }

    int holding() {
        return held.get();
    }

    void started(Duration schedulingLag) {
        lag.record(schedulingLag.isNegative() ? Duration.ZERO : schedulingLag);
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    void claimed(int targets) {
        claimed.record(targets);
    }

    void recorded(ProbeRun run) {
        String cause = run.verdict().cause() == null ? "none" : run.verdict().causeCode();
        // A registry look-up builds and sorts tags on every call: a few counters serve every run.
        outcomes.computeIfAbsent(run.verdict().outcome().code() + '\0' + cause, key -> registry.counter("tocsin.probes",
                "outcome", run.verdict().outcome().code(), "cause", cause)).increment();
        latency.record(Duration.ofMillis(Math.max(0, run.latencyMs())));
    }

    void signalled(int count) {
        signals.increment(count);
    }
}
