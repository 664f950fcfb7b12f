-- Figures per phase of a run seeded by delivery-seed.sql, one line per phase in bench_phases order:
--   "phase" name rate rows achieved_rate delivered failed pending retried p50 p99 max before_send_p50 before_send_p99
--   send_p50 send_p99 last_delivered_after_end started_epoch ended_epoch
-- Latencies in ms. "send" is the delivery attempt's own duration_ms (the HTTP exchange as the app
-- timed it); "before send" is the rest: waiting for the poll, the claim, and queueing before the send.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
\pset null '-'
with rows as (
    select p.phase, o.status, o.attempts, o.created_at, o.delivered_at,
           extract(epoch from o.delivered_at - o.created_at) * 1000 as ms, a.duration_ms
    from bench_phases p
    join outbox o on o.created_at >= p.started_at and o.created_at <= p.ended_at
    left join delivery_attempts a on a.outbox_id = o.id and a.attempt = o.attempts and o.status = 'delivered'
    where o.account_id = '00000000-0000-4000-8000-00000de11bec')
select 'phase', p.phase, p.rate, count(r.*),
       round((count(r.*) - 1) / nullif(extract(epoch from max(r.created_at) - min(r.created_at)), 0)),
       count(*) filter (where r.status = 'delivered'),
       count(*) filter (where r.status = 'failed'),
       count(*) filter (where r.status = 'pending'),
       count(*) filter (where r.attempts > 1),
       round(percentile_cont(0.5) within group (order by r.ms)::numeric, 1),
       round(percentile_cont(0.99) within group (order by r.ms)::numeric, 1),
       round(max(r.ms)::numeric, 1),
       round(percentile_cont(0.5) within group (order by r.ms - r.duration_ms)::numeric, 1),
       round(percentile_cont(0.99) within group (order by r.ms - r.duration_ms)::numeric, 1),
       round(percentile_cont(0.5) within group (order by r.duration_ms)::numeric, 1),
       round(percentile_cont(0.99) within group (order by r.duration_ms)::numeric, 1),
       round((extract(epoch from max(r.delivered_at) - p.ended_at) * 1000)::numeric),
       extract(epoch from p.started_at), extract(epoch from p.ended_at)
from bench_phases p left join rows r on r.phase = p.phase
group by p.phase, p.ord, p.rate, p.started_at, p.ended_at
order by p.ord;

-- Latency p99/max per sixth of each phase, by insert time: a steady state, a transient or a growing backlog.
-- One line per phase: "slices" name text.
with rows as (
    select p.phase, p.ord, extract(epoch from o.created_at - p.started_at) as at,
           greatest(extract(epoch from p.ended_at - p.started_at) / 6, 0.001) as width,
           extract(epoch from o.delivered_at - o.created_at) * 1000 as ms
    from bench_phases p
    join outbox o on o.created_at >= p.started_at and o.created_at <= p.ended_at
    where o.account_id = '00000000-0000-4000-8000-00000de11bec' and o.status = 'delivered'),
slices as (
    select phase, ord, least(floor(at / width), 5)::int as slice, min(width) as width,
           percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max
    from rows group by phase, ord, 3)
select 'slices', phase, string_agg(format('%s-%ss: %s/%s', trim_scale(round((slice * width)::numeric, 1)), trim_scale(round(((slice + 1) * width)::numeric, 1)),
           round(p99::numeric), round(max::numeric)), ', ' order by slice)
from slices group by phase, ord order by ord;
