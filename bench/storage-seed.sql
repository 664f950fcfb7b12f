-- Seeds :days full days (the last ones before today, UTC) of 30 s runs of :n monitors in account :account
-- at the row shape the recorder writes, then rolls them up with the housekeeping job's statements.
\set ON_ERROR_STOP on
insert into accounts (id, name, created_at) values (:'account', 'Storage benchmark', now());
create temporary table seeded as select gen_random_uuid() as id, i from generate_series(1, :n) i;
insert into monitors (id, account_id, name, type, url, method, interval_seconds, timeout_ms, max_latency_ms,
                      tls_expiry_days, failure_threshold, success_threshold, flap_threshold, flap_window_seconds,
                      status, created_at, updated_at)
select id, :'account', 'API ' || i, 'http', 'https://api-' || i || '.example.com/health', 'GET', 30, 10000, 3000, 14, 3, 2, 3, 600,
       'up', now(), now()
from seeded;
select probe_partitions_ensure(d::date)
from generate_series(current_date - :days, current_date, interval '1 day') d;
-- Day by day, monitor-major within a minute as a recorder's batches would be (time-ordered overall).
select format($f$
insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, recheck, kept, reason, remedy,
                           body_excerpt, rate_limit, dns_ms, connect_ms, tls_ms, first_byte_ms)
select s.id, t - interval '3 milliseconds', t, case when failed then 'down' else 'up' end,
       case when failed then 'server_error' end, case when failed then 503 else 200 end,
       40 + (hashtextextended(s.id::text || t::text, 0) & 255)::int + case when failed then 900 else 0 end, false, failed,
       case when failed then 'The server answered 503 Service Unavailable: it is overloaded or down for maintenance' end,
       case when failed then 'Retry with backoff; check the provider''s status page if it lasts more than a few minutes' end,
       case when failed then '{"error":{"message":"The server is temporarily unable to service your request","type":"overloaded_error"}}' end,
       case when failed then '{"x-ratelimit-remaining-requests":"4999","x-ratelimit-reset-requests":"12ms"}'::jsonb end,
       case when failed then 2 end, case when failed then 11 end, case when failed then 24 end, case when failed then 600 end
from generate_series(%1$L::timestamptz, %1$L::timestamptz + interval '1 day' - interval '30 seconds', interval '30 seconds') t
cross join seeded s
cross join lateral (select (hashtextextended(s.id::text || t::text, 1) & 1023) < 1024 * %2$s / 100 as failed) f
order by t, s.id
$f$, (current_date - d)::timestamp at time zone 'UTC', :failed)
from generate_series(1, :days) d order by d desc \gexec
-- The rollups, as the housekeeping job computes them: 5-minute rows from raw runs, hourly from those.
insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
select monitor_id, date_bin('5 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), least(count(*), 32767),
       least(count(*) filter (where outcome = 'down'), 32767), least(count(*) filter (where outcome = 'degraded'), 32767),
       max(latency_ms), probe_latency_histogram(array_agg(latency_ms))
from probe_results group by 1, 2;
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, p99_ms, max_ms, hist, through)
select monitor_id, hour, probes, failures, degraded, probe_latency_percentile(hist, 0.5, max_ms),
       probe_latency_percentile(hist, 0.95, max_ms), probe_latency_percentile(hist, 0.99, max_ms), max_ms, hist, hour + interval '1 hour'
from (select monitor_id, date_trunc('hour', at, 'UTC') as hour, sum(probes) as probes, sum(failures) as failures,
             sum(degraded) as degraded, max(max_ms) as max_ms, probe_hist_sum(hist::integer[]) as hist
      from probe_rollups_5m group by 1, 2) s;
