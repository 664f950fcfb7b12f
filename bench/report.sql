-- Figures over the measured window [:ws, :we) (epoch seconds) of a run seeded by seed.sql.
-- Prints name=value lines.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
\pset fieldsep '='
with w as (select to_timestamp(:ws) as ws, to_timestamp(:we) as we, :interval::double precision as iv),
regular as (
    select r.monitor_id, extract(epoch from r.started_at - r.due_at) * 1000 as lag_ms
    from probe_results r, w
    where not r.recheck and r.due_at >= w.ws and r.due_at < w.we),
lag as (
    select count(*) as runs,
           percentile_cont(0.5) within group (order by lag_ms) as p50,
           percentile_cont(0.99) within group (order by lag_ms) as p99,
           max(lag_ms) as max
    from regular),
per_monitor as (
    select b.monitor_id,
           greatest(0, ceil(extract(epoch from w.we - b.first_due) / w.iv)
                     - ceil(extract(epoch from w.ws - b.first_due) / w.iv))::bigint as expected,
           coalesce(c.recorded, 0) as recorded
    from bench_monitors b cross join w
    left join (select monitor_id, count(*) as recorded from regular group by monitor_id) c using (monitor_id)),
started as (
    select count(*) as probes,
           count(*) filter (where outcome = 'up') as up,
           count(*) filter (where outcome <> 'up') as not_up,
           count(*) filter (where recheck) as rechecks
    from probe_results r, w where r.started_at >= w.ws and r.started_at < w.we)
select 'probes_in_window', probes from started
union all select 'probes_up', up from started
union all select 'probes_not_up', not_up from started
union all select 'rechecks', rechecks from started
union all select 'regular_runs_due_in_window', runs from lag
union all select 'lag_p50_ms', round(p50::numeric, 1) from lag
union all select 'lag_p99_ms', round(p99::numeric, 1) from lag
union all select 'lag_max_ms', round(max::numeric, 1) from lag
union all select 'expected_runs', sum(expected) from per_monitor
union all select 'missed_runs', sum(greatest(0, expected - recorded)) from per_monitor
union all select 'extra_runs', sum(greatest(0, recorded - expected)) from per_monitor;

select 'not_up_causes', coalesce(string_agg(cause || ':' || n, ' ' order by n desc), 'none')
from (select coalesce(r.cause, r.outcome) as cause, count(*) as n
      from probe_results r
      where r.started_at >= to_timestamp(:ws) and r.started_at < to_timestamp(:we) and r.outcome <> 'up'
      group by 1 order by 2 desc limit 5) c;

-- Lag per interval of the window, to tell a steady state from a transient or a growing backlog.
select 'lag_p99_max_by_interval', string_agg(format('%s-%ss: %s/%s ms', slice * :interval, (slice + 1) * :interval,
           round(p99::numeric), round(max::numeric)), ', ' order by slice)
from (select floor(extract(epoch from r.due_at - to_timestamp(:ws)) / :interval)::int as slice,
             percentile_cont(0.99) within group (order by extract(epoch from r.started_at - r.due_at) * 1000) as p99,
             max(extract(epoch from r.started_at - r.due_at) * 1000) as max
      from probe_results r
      where not r.recheck and r.due_at >= to_timestamp(:ws) and r.due_at < to_timestamp(:we)
      group by 1) s;
