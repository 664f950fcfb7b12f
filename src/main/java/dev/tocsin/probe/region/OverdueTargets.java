package dev.tocsin.probe.region;

import dev.tocsin.monitor.Regions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Probe targets overdue by more than {@link #GRACE}, per region ({@code any} for monitors without regions),
 * as the gauge {@code tocsin.probe.targets.overdue}. A region whose probers are all gone shows here: its
 * monitors' views would otherwise only go stale and stop counting towards a quorum, which alerts nobody.
 */
@ApplicationScoped
public class OverdueTargets {

    private static final Logger LOG = Logger.getLogger(OverdueTargets.class);
    /** Longer than a claim's lookahead and a busy writer's delay: only runs nobody took. */
    static final Duration GRACE = Duration.ofMinutes(1);
    static final String ANY = "any";

    private final EntityManager em;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    OverdueTargets(EntityManager em, MeterRegistry registry, Clock clock, Regions regions) {
        this.em = em;
        this.registry = registry;
        this.clock = clock;
        gauge(ANY);
        regions.offeredInOrder().forEach(this::gauge);
    }

    @Scheduled(every = "30s", delay = 45, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Counts them again and sets the gauges; returns the counts by region, zeros included. */
    @Transactional
    public Map<String, Long> refresh() {
        Instant cutoff = clock.instant().minus(GRACE);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select coalesce(region, 'any'), count(*) from probe_targets
                where least(next_run_at, recheck_at) < ?1 group by 1""", Object[].class)
                .setParameter(1, cutoff).getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        gauges.keySet().forEach(region -> counts.put(region, 0L));
        rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
        counts.forEach((region, count) -> {
            long before = gauge(region).getAndSet(count);
            if (count > 0 && before == 0) {
                LOG.warnf("%d probe targets of region %s are more than %d s overdue: are its probers running?", count, region,
                        GRACE.toSeconds());
            }
        });
        return counts;
    }

    private AtomicLong gauge(String region) {
        return gauges.computeIfAbsent(region, r -> registry.gauge("tocsin.probe.targets.overdue", Tags.of("region", r), new AtomicLong()));
    }
}
