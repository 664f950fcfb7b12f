package dev.tocsin.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Reads what the engine recorded: raw results for a time range, and uptime over a window. Callers
 * check first that the monitor belongs to the caller's account; these queries take a monitor id only.
 */
@ApplicationScoped
public class ProbeResults {

    private final EntityManager em;
    private final ProbeConfig config;
    private final Clock clock;

    ProbeResults(EntityManager em, ProbeConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /** One recorded run, as the API shows it. */
    public record Result(long id, Instant dueAt, Instant startedAt, Outcome outcome, String cause, Integer httpStatus,
            Integer latencyMs, Integer dnsMs, Integer connectMs, Integer tlsMs, Integer firstByteMs, String reason,
            String remedy, String rateLimit, Instant tlsExpiresAt, boolean recheck, String excerpt,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The region it was probed from; null for "
                    + "a monitor without regions") String region) {
    }

    /** A position in a newest-first list of results. */
    public record After(Instant startedAt, long id) {
    }

    /** Results started in [from, to), newest first, after a position when paging. */
    public List<Result> list(UUID monitorId, Instant from, Instant to, After after, int limit) {
        String keyset = after == null ? "" : " and (started_at < ?4 or (started_at = ?4 and id < ?5))";
        var query = em.createNativeQuery("""
                select id, due_at, started_at, outcome, cause, http_status, latency_ms, dns_ms, connect_ms, tls_ms,
                       first_byte_ms, reason, remedy, rate_limit::text, tls_expires_at, recheck, body_excerpt, region
                from probe_results where monitor_id = ?1 and started_at >= ?2 and started_at < ?3""" + keyset
                + " order by started_at desc, id desc limit " + limit, Object[].class)
                .setParameter(1, monitorId).setParameter(2, from).setParameter(3, to);
        if (after != null) {
            query.setParameter(4, after.startedAt()).setParameter(5, after.id());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Result(((Number) r[0]).longValue(), (Instant) r[1], (Instant) r[2],
                Outcome.fromCode((String) r[3]), (String) r[4], (Integer) r[5], (Integer) r[6], (Integer) r[7],
                (Integer) r[8], (Integer) r[9], (Integer) r[10], (String) r[11], (String) r[12], (String) r[13],
                (Instant) r[14], (Boolean) r[15], (String) r[16], (String) r[17])).toList();
    }

    /**
     * Availability over a window. Within the healthy runs' raw retention it is exact; beyond, it reads the
     * hourly rollups and the raw runs after the last of them (uptime stays exact; latency percentiles come
     * from the summed latency histograms).
     *
     * @param uptimePercent runs that were up or merely degraded, over all runs; null without runs
     */
    public record Uptime(Instant from, Instant to, long probes, long failures, long degraded, Double uptimePercent,
            Integer latencyP50Ms, Integer latencyP95Ms, Integer latencyMaxMs, String source) {
    }

    public Uptime uptime(UUID monitorId, Duration window) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        if (window.compareTo(config.healthyRawRetention()) <= 0) {
            Object[] r = (Object[]) em.createNativeQuery("""
                    select count(*), count(*) filter (where outcome = 'down'), count(*) filter (where outcome = 'degraded'),
                           percentile_disc(0.5) within group (order by latency_ms),
                           percentile_disc(0.95) within group (order by latency_ms), max(latency_ms)
                    from probe_results where monitor_id = ?1 and started_at >= ?2""", Object[].class)
                    .setParameter(1, monitorId).setParameter(2, from).getSingleResult();
            return uptime(from, to, r, "raw");
        }
        Object[] r = (Object[]) em.createNativeQuery("""
                with h as (
                    select probes::bigint, failures::bigint, degraded::bigint, max_ms, hist, through from probe_rollups
                    where monitor_id = ?1 and hour >= ?2),
                edge as (select coalesce(max(through), ?2) as raw_from from h),
                tail as (
                    select count(*) as probes, count(*) filter (where outcome = 'down') as failures,
                           count(*) filter (where outcome = 'degraded') as degraded, max(latency_ms) as max_ms,
                           probe_latency_histogram(array_agg(latency_ms))::integer[] as hist
                    from probe_results, edge where monitor_id = ?1 and started_at >= edge.raw_from),
                spans as (select probes, failures, degraded, max_ms, hist from h union all select * from tail)
                select sum(probes), sum(failures), sum(degraded),
                       probe_latency_percentile(probe_hist_sum(hist), 0.5, max(max_ms)),
                       probe_latency_percentile(probe_hist_sum(hist), 0.95, max(max_ms)), max(max_ms)
                from spans""", Object[].class)
                .setParameter(1, monitorId).setParameter(2, from.truncatedTo(ChronoUnit.HOURS))
                .getSingleResult();
        return uptime(from, to, r, "rollup");
    }

    private static Uptime uptime(Instant from, Instant to, Object[] r, String source) {
        long probes = number(r[0]);
        long failures = number(r[1]);
        Double percent = probes == 0 ? null : Math.round((probes - failures) * 100_000.0 / probes) / 1000.0;
        return new Uptime(from, to, probes, failures, number(r[2]), percent, integer(r[3]), integer(r[4]), integer(r[5]),
                source);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
