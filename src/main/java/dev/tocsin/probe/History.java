package dev.tocsin.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the pages draw: uptime figures and latency series read from the hourly and 5-minute rollups, with
 * raw results only for the minutes not rolled up yet, so that a dashboard of a thousand monitors or a week
 * of 30 s runs costs one query over a few thousand rows instead of a row per result. Callers check that
 * the monitors belong to the caller's account.
 */
@ApplicationScoped
public class History {

    private final EntityManager em;
    private final Clock clock;

    History(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** One bucket of runs; latencies null when no run of the bucket measured one. */
    public record Bucket(Instant at, long probes, long failures, long degraded, Integer p50Ms, Integer p95Ms) {
    }

    /** A monitor's condition as the dashboard shows it: since when, and the reason of its last run that was not up. */
    public record Condition(Instant since, String lastReason) {
    }

    /** Uptime over a list of buckets: null without runs. */
    public static Double uptime(List<Bucket> buckets, Instant from) {
        long probes = 0;
        long failures = 0;
        for (Bucket b : buckets) {
            if (!b.at().isBefore(from.truncatedTo(ChronoUnit.HOURS))) {
                probes += b.probes();
                failures += b.failures();
            }
        }
        return probes == 0 ? null : Math.floor((probes - failures) * 100_000.0 / probes) / 1000.0;
    }

    /**
     * Hourly buckets of each monitor since {@code window} ago, oldest first: hourly rollups where they exist
     * (the open hour too, as far as the last rollup pass reached), raw results after that (read per monitor
     * through its index: a few minutes of runs). One statement for every monitor. With {@code exactLatency}
     * false, the raw tail's p50 is the mean and its p95 is left out: enough for a sparkline, and it spares
     * sorting the tail's runs.
     */
    public Map<UUID, List<Bucket>> hourly(List<UUID> monitorIds, Duration window, boolean exactLatency) {
        Map<UUID, List<Bucket>> byMonitor = new HashMap<>();
        if (monitorIds.isEmpty()) {
            return byMonitor;
        }
        Instant from = clock.instant().minus(window).truncatedTo(ChronoUnit.HOURS);
        String latency = exactLatency
                ? "percentile_disc(0.5) within group (order by p.latency_ms), percentile_disc(0.95) within group (order by p.latency_ms)"
                : "round(avg(p.latency_ms))::int, null::int";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                with m(id) as (select unnest(cast(?1 as uuid[]))),
                rolled as (
                    select r.monitor_id, r.hour, r.probes, r.failures, r.degraded, r.p50_ms, r.p95_ms, r.through
                    from probe_rollups r join m on r.monitor_id = m.id where r.hour >= ?2),
                edge as (
                    select m.id, coalesce(max(rolled.through), ?2) as raw_from
                    from m left join rolled on rolled.monitor_id = m.id group by m.id)
                select monitor_id, string_agg(concat_ws(':', extract(epoch from hour)::bigint, probes, failures, degraded,
                                                        coalesce(p50_ms::text, ''), coalesce(p95_ms::text, '')), ',' order by hour)
                from (
                    select monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms from rolled
                    union all
                    select edge.id, raw.* from edge cross join lateral (
                        select date_trunc('hour', p.started_at, 'UTC') as hour, count(*) as probes,
                               count(*) filter (where p.outcome = 'down'), count(*) filter (where p.outcome = 'degraded'),
                               """ + latency + """
                        from probe_results p where p.monitor_id = edge.id and p.started_at >= edge.raw_from
                        group by 1) raw) buckets
                group by monitor_id""", Object[].class)
                .setParameter(1, monitorIds.toArray(UUID[]::new)).setParameter(2, from).getResultList();
        // One row per monitor, its buckets packed in a string: a thousand rows to read instead of 24 each.
        for (Object[] r : rows) {
            List<Bucket> buckets = new ArrayList<>();
            for (String packed : ((String) r[1]).split(",")) {
                String[] f = packed.split(":", -1);
                Bucket b = new Bucket(Instant.ofEpochSecond(Long.parseLong(f[0])), Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), f[4].isEmpty() ? null : Integer.valueOf(f[4]), f[5].isEmpty() ? null : Integer.valueOf(f[5]));
                int last = buckets.size() - 1;
                if (last >= 0 && buckets.get(last).at().equals(b.at())) {
                    buckets.set(last, merged(buckets.get(last), b));
                } else {
                    buckets.add(b);
                }
            }
            byMonitor.put((UUID) r[0], buckets);
        }
        return byMonitor;
    }

    /** The rolled-up part of an open hour and its raw tail: counts add up, latencies weighted by runs. */
    private static Bucket merged(Bucket a, Bucket b) {
        return new Bucket(a.at(), a.probes() + b.probes(), a.failures() + b.failures(), a.degraded() + b.degraded(),
                weighted(a.p50Ms(), a.probes(), b.p50Ms(), b.probes()), weighted(a.p95Ms(), a.probes(), b.p95Ms(), b.probes()));
    }

    private static Integer weighted(Integer a, long wa, Integer b, long wb) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return (int) Math.round((a * (double) wa + b * (double) wb) / Math.max(1, wa + wb));
    }

    /**
     * One monitor's runs since {@code window} ago in buckets of {@code step} (a multiple of 5 minutes),
     * oldest first: 5-minute rollups, then the raw runs after the last of them. Latencies are read from the
     * buckets' summed histograms.
     */
    public List<Bucket> fine(UUID monitorId, Duration window, Duration step) {
        Instant from = clock.instant().minus(window);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                with r as (
                    select at, probes, failures, degraded, max_ms, hist::integer[] as hist from probe_rollups_5m
                    where monitor_id = ?1 and at >= ?2),
                edge as (select coalesce(max(at) + interval '5 minutes', ?2) as raw_from from r),
                runs as (
                    select at, probes::bigint, failures::bigint, degraded::bigint, max_ms, hist from r
                    union all
                    select p.started_at, 1, (p.outcome = 'down')::int, (p.outcome = 'degraded')::int, p.latency_ms,
                           probe_latency_histogram(array[p.latency_ms])::integer[]
                    from probe_results p, edge where p.monitor_id = ?1 and p.started_at >= edge.raw_from)
                select to_timestamp(floor(extract(epoch from at) / ?3) * ?3) as at, sum(probes), sum(failures), sum(degraded),
                       probe_latency_percentile(probe_hist_sum(hist), 0.5, max(max_ms)),
                       probe_latency_percentile(probe_hist_sum(hist), 0.95, max(max_ms))
                from runs group by 1 order by 1""", Object[].class)
                .setParameter(1, monitorId).setParameter(2, from).setParameter(3, step.toSeconds()).getResultList();
        return rows.stream().map(r -> bucket(r, 0)).toList();
    }

    /**
     * Since when each monitor is in its present state, and for those not up the reason its last failed run
     * gave: one statement; the reason is looked up only for monitors that are not up.
     */
    public Map<UUID, Condition> conditions(List<UUID> monitorIds) {
        Map<UUID, Condition> conditions = new HashMap<>();
        if (monitorIds.isEmpty()) {
            return conditions;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select m.id, m.status_since,
                       case when m.status in ('down', 'degraded') then
                           (select p.reason from probe_results p where p.monitor_id = m.id and p.kept and p.outcome <> 'up'
                            order by p.started_at desc, p.id desc limit 1) end
                from monitors m where m.id = any(cast(?1 as uuid[]))""", Object[].class)
                .setParameter(1, monitorIds.toArray(UUID[]::new)).getResultList();
        for (Object[] r : rows) {
            conditions.put((UUID) r[0], new Condition((Instant) r[1], (String) r[2]));
        }
        return conditions;
    }

    private static Bucket bucket(Object[] r, int at) {
        return new Bucket(instant(r[at]), number(r[at + 1]), number(r[at + 2]), number(r[at + 3]), integer(r[at + 4]),
                integer(r[at + 5]));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
