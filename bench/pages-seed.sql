-- Seeds what the page benchmark reads, in the steady state the housekeeping job leaves: :n monitors in
-- account :account with a day of hourly rollups, the current hour rolled up to its last 5 minutes and
-- those minutes raw (30 s runs); and the first monitor with 7 days of 30 s runs (20,160, an outage of
-- 20 minutes two days ago) of which the store keeps the last 24 h of healthy runs and every failed run
-- raw, the rest in 5-minute and hourly rollups. Prints the id of that first monitor.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
begin;
select probe_partitions_ensure(d::date) from generate_series(now() - interval '8 days', now(), interval '1 day') d;
create temporary table seeded on commit drop as
select gen_random_uuid() as id, i from generate_series(1, :n) i;

insert into monitors (id, account_id, name, type, url, method, interval_seconds, timeout_ms, max_latency_ms,
                      tls_expiry_days, failure_threshold, success_threshold, flap_threshold, flap_window_seconds,
                      tags, status, status_since, last_checked_at, created_at, updated_at)
select id, :'account', 'API ' || lpad(i::text, 4, '0'), 'http', 'https://api-' || i || '.example.com/health', 'GET', 30,
       10000, 3000, 14, 3, 2, 3, 600,
       case when i % 3 = 0 then array['production'] when i % 3 = 1 then array['staging'] else array['production', 'payments'] end,
       case when i % 20 = 0 then 'down' when i % 33 = 0 then 'degraded' else 'up' end,
       now() - make_interval(mins => i % 600), now() - make_interval(secs => i % 30), now() - make_interval(days => 8), now()
from seeded;

-- A day of closed hours for all but the first monitor (the histogram: every run in the median's bucket).
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, p99_ms, max_ms, hist, through)
select s.id, h, 120, case when s.i % 20 = 0 and h > now() - interval '3 hours' then 40 else 0 end, 0,
       80 + (s.i % 50) + (extract(hour from h)::int % 7) * 5, 200 + (s.i % 90), 400, 900,
       (select array_agg(case when b.i = width_bucket(80 + (s.i % 50) + (extract(hour from h)::int % 7) * 5, probe_latency_bounds())
                              then 120 else 0 end order by b.i)
        from generate_series(0, cardinality(probe_latency_bounds())) b(i)),
       h + interval '1 hour'
from seeded s, generate_series(date_trunc('hour', now()) - interval '24 hours', date_trunc('hour', now()) - interval '1 hour',
                               interval '1 hour') h
where s.i > 1;

-- The current hour's raw results for all but the first.
insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, recheck, kept)
select s.id, t, t, case when s.i % 20 = 0 then 'down' else 'up' end, case when s.i % 20 = 0 then 'server_error' end,
       case when s.i % 20 = 0 then 502 else 200 end, 60 + (s.i * 7 + extract(epoch from t)::bigint) % 140, false, s.i % 20 = 0
from seeded s, generate_series(date_trunc('hour', now()), now(), interval '30 seconds') t
where s.i > 1;

-- The first monitor: 7 days of 30 s runs, an outage of 20 minutes two days ago.
create temporary table week on commit drop as
select s.id as monitor_id, t as due_at, t as started_at,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then 'down' else 'up' end as outcome,
       90 + (extract(epoch from t)::bigint / 30 * 37) % 160 as latency_ms
from seeded s, generate_series(now() - interval '7 days' + interval '30 seconds', now(), interval '30 seconds') t
where s.i = 1;
insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, reason, recheck, body_excerpt, kept)
select monitor_id, due_at, started_at, outcome, case when outcome = 'down' then 'overloaded' end,
       case when outcome = 'down' then 503 else 200 end, latency_ms,
       case when outcome = 'down' then 'The service is overloaded' end, false,
       case when outcome = 'down' then '{"message":"overloaded"}' end, outcome <> 'up'
from week where outcome <> 'up' or started_at >= now() - interval '24 hours';
insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
select monitor_id, date_bin('5 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), count(*),
       count(*) filter (where outcome = 'down'), 0, max(latency_ms), probe_latency_histogram(array_agg(latency_ms::int))
from week where started_at >= now() - interval '2 days' group by 1, 2;
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, p99_ms, max_ms, hist, through)
select monitor_id, hour, probes, failures, 0, probe_latency_percentile(hist, 0.5, max_ms), probe_latency_percentile(hist, 0.95, max_ms),
       probe_latency_percentile(hist, 0.99, max_ms), max_ms, hist, least(hour + interval '1 hour', date_bin('5 minutes', now(), timestamptz '2000-01-01 00:00:00+00'))
from (select monitor_id, date_trunc('hour', started_at, 'UTC') as hour, count(*) as probes, count(*) filter (where outcome = 'down') as failures,
             max(latency_ms)::int as max_ms, probe_latency_histogram(array_agg(latency_ms::int))::integer[] as hist
      from week where started_at < date_bin('5 minutes', now(), timestamptz '2000-01-01 00:00:00+00') group by 1, 2) h;
select id from seeded where i = 1;
commit;

-- The current hour rolled up as the housekeeping job leaves it: up to its last closed 5 minutes.
insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
select monitor_id, date_bin('5 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), count(*),
       count(*) filter (where outcome = 'down'), 0, max(latency_ms), probe_latency_histogram(array_agg(latency_ms))
from probe_results where started_at >= date_trunc('hour', now())
  and started_at < date_bin('5 minutes', now(), timestamptz '2000-01-01 00:00:00+00')
  and monitor_id <> (select id from monitors m where m.name = 'API 0001' and m.account_id = :'account')
group by 1, 2;
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, p99_ms, max_ms, hist, through)
select monitor_id, hour, probes, failures, 0, probe_latency_percentile(hist, 0.5, max_ms), probe_latency_percentile(hist, 0.95, max_ms),
       probe_latency_percentile(hist, 0.99, max_ms), max_ms, hist, date_bin('5 minutes', now(), timestamptz '2000-01-01 00:00:00+00')
from (select r.monitor_id, date_trunc('hour', r.at, 'UTC') as hour, sum(r.probes) as probes, sum(r.failures) as failures,
             max(r.max_ms) as max_ms, probe_hist_sum(r.hist::integer[]) as hist
      from probe_rollups_5m r join monitors m on m.id = r.monitor_id
      where m.account_id = :'account' and m.name <> 'API 0001' and r.at >= date_trunc('hour', now()) group by 1, 2) h
on conflict (monitor_id, hour) do nothing;
analyze monitors;
analyze probe_results;
analyze probe_rollups;
analyze probe_rollups_5m;
