-- Seeds what the page benchmark reads: :n monitors in account :account with a day of hourly rollups and
-- the current hour's raw 30 s results, as production keeps them; and the first monitor with 7 days of
-- raw 30 s results (20,160 runs) rolled up per closed hour, as the housekeeping job leaves them.
-- Prints the id of that first monitor.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
begin;
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

-- A day of closed hours for all but the first monitor.
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, max_ms)
select s.id, h, 120, case when s.i % 20 = 0 and h > now() - interval '3 hours' then 40 else 0 end, 0,
       80 + (s.i % 50) + (extract(hour from h)::int % 7) * 5, 200 + (s.i % 90), 900
from seeded s, generate_series(date_trunc('hour', now()) - interval '24 hours', date_trunc('hour', now()) - interval '1 hour',
                               interval '1 hour') h
where s.i > 1;

-- The current, not yet rolled-up hour in raw results for all but the first.
insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, recheck)
select s.id, t, t, case when s.i % 20 = 0 then 'down' else 'up' end, case when s.i % 20 = 0 then 'server_error' end,
       case when s.i % 20 = 0 then 502 else 200 end, 60 + (s.i * 7 + extract(epoch from t)::bigint) % 140, false
from seeded s, generate_series(date_trunc('hour', now()), now(), interval '30 seconds') t
where s.i > 1;

-- The first monitor: 7 days of raw 30 s runs, an outage of 20 minutes two days ago.
insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, reason, recheck, body_excerpt)
select s.id, t, t,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then 'down' else 'up' end,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then 'overloaded' end,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then 503 else 200 end,
       90 + (extract(epoch from t)::bigint / 30 * 37) % 160,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then 'The service is overloaded' end,
       false,
       case when t between now() - interval '2 days' and now() - interval '2 days' + interval '20 minutes' then '{"message":"overloaded"}' end
from seeded s, generate_series(now() - interval '7 days' + interval '30 seconds', now(), interval '30 seconds') t
where s.i = 1;
insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, max_ms)
select monitor_id, date_trunc('hour', started_at, 'UTC'), count(*), count(*) filter (where outcome = 'down'),
       count(*) filter (where outcome = 'degraded'), percentile_disc(0.5) within group (order by latency_ms),
       percentile_disc(0.95) within group (order by latency_ms), max(latency_ms)
from probe_results where monitor_id = (select id from seeded where i = 1) and started_at < date_trunc('hour', now())
group by 1, 2;
select id from seeded where i = 1;
commit;
analyze monitors;
analyze probe_results;
analyze probe_rollups;
