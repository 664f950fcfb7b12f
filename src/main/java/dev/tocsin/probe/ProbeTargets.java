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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
            // Its monitor_regions rows went with it; the targets are found again by their keys.
            for (String region : monitor.regions) {
                em.createNativeQuery("select id from probe_targets where target_key = ?1", UUID.class)
                        .setParameter(1, keyOf(monitor, region)).getResultList().forEach(id -> refresh((UUID) id));
            }
            return;
        }
        UUID previous = monitor.targetId;
        boolean regioned = monitor.type != MonitorType.STATUSPAGE && !monitor.regions.isEmpty();
        UUID target = monitor.type == MonitorType.STATUSPAGE || regioned ? null : targetFor(monitor, null);
        if (target != null && !target.equals(previous) || target == null && previous != null) {
            monitor.targetId = target;
            em.flush();
        }
        if (monitor.paused) {
            // A resumed monitor starts afresh rather than from counts taken before the pause.
            em.createNativeQuery("""
                    update monitors set consecutive_failures = 0, consecutive_successes = 0, failure_episodes = '{}',
                        last_failure_at = null, flapping = false where id = ?1""").setParameter(1, monitor.id).executeUpdate();
            em.createNativeQuery("""
                    update monitor_regions set status = 'pending', status_since = null, consecutive_failures = 0,
                        consecutive_successes = 0, failure_episodes = '{}', last_failure_at = null, flapping = false
                    where monitor_id = ?1""").setParameter(1, monitor.id).executeUpdate();
        }
        Set<UUID> regionTargets = placeInRegions(monitor, regioned ? monitor.regions : List.of());
        regionTargets.forEach(this::refresh);
        refresh(target);
        if (previous != null && !previous.equals(target)) {
            refresh(previous);
        }
    }

    /**
     * One target per region asked for, linked through monitor_regions (a region's view survives a change of
     * the request). Returns every target the monitor used or now uses in a region, to be refreshed.
     */
    private Set<UUID> placeInRegions(Monitor monitor, List<String> regions) {
        @SuppressWarnings("unchecked")
        Set<UUID> touched = new LinkedHashSet<>(em.createNativeQuery(
                        "select target_id from monitor_regions where monitor_id = ?1 and target_id is not null", UUID.class)
                .setParameter(1, monitor.id).getResultList());
        em.createNativeQuery("delete from monitor_regions where monitor_id = ?1 and not (region = any(?2))")
                .setParameter(1, monitor.id).setParameter(2, regions.toArray(String[]::new)).executeUpdate();
        for (String region : regions) {
            UUID target = targetFor(monitor, region);
            em.createNativeQuery("""
                    insert into monitor_regions (monitor_id, region, target_id) values (?1, ?2, ?3)
                    on conflict (monitor_id, region) do update set target_id = excluded.target_id""")
                    .setParameter(1, monitor.id).setParameter(2, region).setParameter(3, target).executeUpdate();
            touched.add(target);
        }
        return touched;
    }

    private UUID targetFor(Monitor monitor, String region) {
        String key = keyOf(monitor, region);
        em.createNativeQuery("""
                insert into probe_targets (id, target_key, interval_seconds, next_run_at, created_at, region)
                values (?1, ?2, ?3, null, ?4, ?5) on conflict (target_key) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, key).setParameter(3, monitor.intervalSeconds)
                .setParameter(4, clock.instant()).setParameter(5, region).executeUpdate();
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
        Object shortest = em.createNativeQuery("""
                        select min(interval_seconds) from monitors m where not paused
                          and (target_id = ?1 or exists (select 1 from monitor_regions r where r.monitor_id = m.id and r.target_id = ?1))""",
                        Integer.class)
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

    /** The key of the request a monitor sends from one region (null: from any node). */
    private String keyOf(Monitor monitor, String region) {
        return region == null ? keyOf(monitor) : keyOf(monitor) + "@" + region;
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
