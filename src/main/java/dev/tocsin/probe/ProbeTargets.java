package dev.tocsin.probe;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorChanged;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Monitors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps the probe schedule in step with monitors, in the transaction that changed them. Monitors that
 * send the same unauthenticated request share one target, fetched once per interval whoever watches
 * it; a monitor with a credential gets a target of its own, since its answer is its own.
 */
@ApplicationScoped
public class ProbeTargets {

    /** A new target's first run comes within this long, spread by a stable hash, never bunched. */
    static final int FIRST_RUN_SPREAD_SECONDS = 30;

    private final EntityManager em;
    private final Clock clock;
    private final Monitors monitors;

    ProbeTargets(EntityManager em, Clock clock, Monitors monitors) {
        this.em = em;
        this.clock = clock;
        this.monitors = monitors;
    }

    void onChange(@Observes MonitorChanged change) {
        Monitor monitor = change.monitor();
        em.flush();
        if (change.deleted()) {
            refresh(monitor.targetId);
            return;
        }
        UUID previous = monitor.targetId;
        UUID target = monitor.type == MonitorType.STATUSPAGE ? null : targetFor(monitor);
        if (target != null && !target.equals(previous) || target == null && previous != null) {
            monitor.targetId = target;
            em.flush();
        }
        if (monitor.paused) {
            // A resumed monitor starts afresh rather than from counts taken before the pause.
            em.createNativeQuery("""
                    update monitors set consecutive_failures = 0, consecutive_successes = 0, failure_episodes = '{}',
                        last_failure_at = null, flapping = false where id = ?1""").setParameter(1, monitor.id).executeUpdate();
        }
        refresh(target);
        if (previous != null && !previous.equals(target)) {
            refresh(previous);
        }
    }

    private UUID targetFor(Monitor monitor) {
        String key = keyOf(monitor);
        em.createNativeQuery("""
                insert into probe_targets (id, target_key, interval_seconds, next_run_at, created_at)
                values (?1, ?2, ?3, null, ?4) on conflict (target_key) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, key).setParameter(3, monitor.intervalSeconds)
                .setParameter(4, clock.instant()).executeUpdate();
        return (UUID) em.createNativeQuery("select id from probe_targets where target_key = ?1", UUID.class)
                .setParameter(1, key).getSingleResult();
    }

    /**
     * Recomputes a target's interval (the shortest of its active monitors) and next run. The row lock
     * comes first so that a concurrent change of another subscriber is seen by the statement after it.
     */
    private void refresh(UUID target) {
        if (target == null) {
            return;
        }
        if (em.createNativeQuery("select id from probe_targets where id = ?1 for update", UUID.class)
                .setParameter(1, target).getResultList().isEmpty()) {
            return;
        }
        Object shortest = em.createNativeQuery(
                        "select min(interval_seconds) from monitors where target_id = ?1 and not paused", Integer.class)
                .setParameter(1, target).getSingleResult();
        if (shortest == null) {
            em.createNativeQuery("update probe_targets set next_run_at = null, recheck_at = null where id = ?1")
                    .setParameter(1, target).executeUpdate();
            return;
        }
        int interval = ((Number) shortest).intValue();
        Instant firstRun = firstRun(target, interval);
        // An unchanged or longer interval keeps the phase; a shorter one must not wait out the old one.
        em.createNativeQuery("""
                update probe_targets set
                    next_run_at = case when next_run_at is null then ?2
                                       when ?3 < interval_seconds then least(next_run_at, ?2)
                                       else next_run_at end,
                    interval_seconds = ?3
                where id = ?1""")
                .setParameter(1, target).setParameter(2, firstRun).setParameter(3, interval).executeUpdate();
    }

    private Instant firstRun(UUID target, int interval) {
        long spreadMs = Math.min(interval, FIRST_RUN_SPREAD_SECONDS) * 1000L;
        return clock.instant().plusMillis(Math.floorMod(target.getLeastSignificantBits(), spreadMs));
    }

    /** The identity of the request a monitor sends; equal keys mean one fetch can serve both. */
    private String keyOf(Monitor monitor) {
        if (monitor.credential != null) {
            return "monitor:" + monitor.id;
        }
        StringBuilder request = new StringBuilder(monitor.method).append('\n').append(monitor.url).append('\n');
        Map<String, String> headers = new TreeMap<>();
        monitors.headers(monitor).forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return "request:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
