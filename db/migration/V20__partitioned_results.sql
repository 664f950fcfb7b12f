-- Raw results in daily partitions, with 5-minute and hourly rollups that outlive them.
--
-- probe_results is partitioned by range on started_at, one partition a day (probe_results_pYYYYMMDD).
-- Each day is split by list on `kept`: runs that are not up, re-checks and runs that changed a monitor's
-- state are kept (…_kept) for the whole raw retention, with their text; healthy runs keep only time,
-- latency, status and outcome and live in four 6-hour partitions (…_h00 … _h18) dropped after the
-- healthy retention (24 h by default). Retention drops whole partitions: no DELETE walks raw results.
-- docs/decisions.md has the trade and docs/benchmarks.md the bytes.
alter table probe_results rename to probe_results_v19;
alter index probe_results_monitor_idx rename to probe_results_v19_monitor_idx;
alter index probe_results_started_idx rename to probe_results_v19_started_idx;

create sequence probe_result_ids as bigint;
select setval('probe_result_ids', coalesce((select max(id) from probe_results_v19), 0) + 1, false);

create table probe_results (
    monitor_id           uuid        not null references monitors (id) on delete cascade,
    started_at           timestamptz not null,
    due_at               timestamptz not null,
    id                   bigint      not null default nextval('probe_result_ids'),
    latency_ms           integer,
    http_status          integer,
    -- not up, a re-check, or a run that changed the monitor's state: kept the whole raw retention
    kept                 boolean     not null default true,
    recheck              boolean     not null,
    outcome              text        not null check (outcome in ('up', 'degraded', 'down')),
    -- null on healthy runs
    cause                text,
    reason               text,
    remedy               text,
    rate_limit           jsonb,
    body_excerpt         text,
    dns_ms               integer,
    connect_ms           integer,
    tls_ms               integer,
    first_byte_ms        integer,
    tls_expires_at       timestamptz
) partition by range (started_at);
alter sequence probe_result_ids owned by probe_results.id;
-- Without id, which only breaks ties of one monitor's runs started in the same microsecond: 14 bytes a run less.
create index probe_results_monitor_idx on probe_results (monitor_id, started_at);
-- Rollups read a few minutes of every monitor: a BRIN index costs a few kilobytes a day.
create index probe_results_started_idx on probe_results using brin (started_at);

-- 5-minute rollups, one row per monitor and 5 minutes with runs, kept tocsin.probes.five-minute-rollup-days.
-- hist counts runs per latency bucket (probe_latency_bounds); its sums give any window's percentiles.
create table probe_rollups_5m (
    monitor_id           uuid        not null references monitors (id) on delete cascade,
    at                   timestamptz not null,
    probes               smallint    not null,
    failures             smallint    not null,
    degraded             smallint    not null,
    max_ms               integer,
    hist                 smallint[]  not null,
    primary key (monitor_id, at)
) partition by range (at);

-- Hourly rollups gain p99, the histogram (to merge hours into any window's percentiles) and how far
-- into the hour they reach: readers take raw results after `through` only.
alter table probe_rollups
    add column p99_ms  integer,
    add column hist    integer[],
    add column through timestamptz;

-- Upper bounds (exclusive, ms) of the latency buckets but the last, which is open. Fixed for good: the
-- stored histograms count by them.
create function probe_latency_bounds() returns integer[] language sql immutable parallel safe as $$
    select '{25,50,75,100,150,200,300,500,750,1000,1500,2000,3000,5000,10000}'::integer[]
$$;

-- Runs per bucket of a list of latencies (nulls, runs without a response, are not counted).
create function probe_latency_histogram(latencies integer[]) returns smallint[] language sql immutable parallel safe as $$
    select array_agg(least(coalesce(c.n, 0), 32767)::smallint order by b.i)
    from generate_series(0, cardinality(probe_latency_bounds())) b(i)
    left join (select width_bucket(l, probe_latency_bounds()) as i, count(*) as n
               from unnest(latencies) l where l is not null group by 1) c on c.i = b.i
$$;

-- Element-wise sum of histograms of the same buckets.
create function probe_hist_add(a integer[], b integer[]) returns integer[] language sql immutable parallel safe as $$
    select case when a is null then b when b is null then a else
        (select array_agg(coalesce(t.x, 0) + coalesce(t.y, 0) order by t.n) from unnest(a, b) with ordinality as t(x, y, n)) end
$$;
create aggregate probe_hist_sum(integer[]) (sfunc = probe_hist_add, stype = integer[]);

-- The q-quantile (0..1) of a histogram: the rank's bucket, interpolated linearly within it and capped by
-- the largest latency seen (which also closes the open last bucket); null without counts.
create function probe_latency_percentile(hist integer[], q double precision, max_ms integer) returns integer
language plpgsql immutable parallel safe as $$
declare
    bounds constant integer[] := probe_latency_bounds();
    total bigint := 0;
    rank bigint;
    seen bigint := 0;
    lo integer;
    hi integer;
begin
    if hist is null then
        return null;
    end if;
    select coalesce(sum(c), 0) into total from unnest(hist) c;
    if total = 0 then
        return null;
    end if;
    rank := greatest(1, ceil(q * total));
    for i in 1 .. cardinality(hist) loop
        if hist[i] > 0 and seen + hist[i] >= rank then
            lo := case when i = 1 then 0 else bounds[i - 1] end;
            hi := coalesce(bounds[i], greatest(max_ms, lo));
            return least(coalesce(max_ms, hi), round(lo + (hi - lo) * (rank - seen)::numeric / hist[i]))::integer;
        end if;
        seen := seen + hist[i];
    end loop;
    return max_ms;
end
$$;

-- Creates a day's partitions where they are missing. Any node may call it at any time (start-up, the
-- housekeeping job, a write of a day not seen yet): the advisory lock makes racing nodes take turns and
-- the existence checks make the second one a no-op.
create function probe_partitions_ensure(day date) returns void language plpgsql as $$
declare
    d    text := to_char(day, 'YYYYMMDD');
    lo   timestamptz := day::timestamp at time zone 'UTC';
    part text;
begin
    perform pg_advisory_xact_lock(hashtext('tocsin.probe-partitions'));
    if to_regclass('probe_results_p' || d) is null then
        execute format('create table %I partition of probe_results for values from (%L) to (%L) partition by list (kept)',
                       'probe_results_p' || d, lo, lo + interval '1 day');
    end if;
    if to_regclass('probe_results_p' || d || '_kept') is null then
        execute format('create table %I partition of %I for values in (true)', 'probe_results_p' || d || '_kept', 'probe_results_p' || d);
    end if;
    if to_regclass('probe_results_p' || d || '_brief') is null then
        execute format('create table %I partition of %I for values in (false) partition by range (started_at)',
                       'probe_results_p' || d || '_brief', 'probe_results_p' || d);
    end if;
    for h in 0 .. 3 loop
        part := 'probe_results_p' || d || '_h' || lpad((h * 6)::text, 2, '0');
        if to_regclass(part) is null then
            execute format('create table %I partition of %I for values from (%L) to (%L)', part, 'probe_results_p' || d || '_brief',
                           lo + make_interval(hours => h * 6), lo + make_interval(hours => h * 6 + 6));
        end if;
    end loop;
    if to_regclass('probe_rollups_5m_p' || d) is null then
        execute format('create table %I partition of probe_rollups_5m for values from (%L) to (%L)',
                       'probe_rollups_5m_p' || d, lo, lo + interval '1 day');
    end if;
end
$$;

-- Existing results move over whole (their text included), into partitions for every day they cover,
-- and from today to two days ahead.
select probe_partitions_ensure(d::date)
from generate_series(least(coalesce((select min(started_at) from probe_results_v19), now()), now()) at time zone 'UTC',
                     greatest(coalesce((select max(started_at) from probe_results_v19), now()), now()) at time zone 'UTC' + interval '2 days',
                     interval '1 day') d;

insert into probe_results (monitor_id, started_at, due_at, id, latency_ms, http_status, kept, recheck, outcome, cause, reason,
                           remedy, rate_limit, body_excerpt, dns_ms, connect_ms, tls_ms, first_byte_ms, tls_expires_at)
select monitor_id, started_at, due_at, id, latency_ms, http_status, outcome <> 'up' or recheck, recheck, outcome, cause, reason,
       remedy, rate_limit, body_excerpt, dns_ms, connect_ms, tls_ms, first_byte_ms, tls_expires_at
from probe_results_v19;

insert into probe_rollups_5m (monitor_id, at, probes, failures, degraded, max_ms, hist)
select monitor_id, date_bin('5 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), least(count(*), 32767),
       least(count(*) filter (where outcome = 'down'), 32767), least(count(*) filter (where outcome = 'degraded'), 32767),
       max(latency_ms), probe_latency_histogram(array_agg(latency_ms))
from probe_results_v19 group by 1, 2;

-- Hours still covered by raw results are summed again from them, with their histograms; older hours
-- get a histogram with all their runs in the bucket of their median (the p50 stays, finer shape is lost).
update probe_rollups r set hist = s.hist, p99_ms = probe_latency_percentile(s.hist, 0.99, r.max_ms), through = r.hour + interval '1 hour'
from (select monitor_id, date_trunc('hour', at, 'UTC') as hour, probe_hist_sum(hist::integer[]) as hist
      from probe_rollups_5m group by 1, 2) s
where s.monitor_id = r.monitor_id and s.hour = r.hour;
update probe_rollups set through = hour + interval '1 hour',
    hist = (select array_agg(case when p50_ms is not null and b.i = width_bucket(p50_ms, probe_latency_bounds()) then probes else 0 end
                             order by b.i)
            from generate_series(0, cardinality(probe_latency_bounds())) b(i))
where hist is null;
alter table probe_rollups alter column hist set not null, alter column through set not null;

drop table probe_results_v19;

-- Where the last rollup pass ended: the next one starts a little before it.
create table probe_rollup_progress (
    name         text primary key,
    rolled_until timestamptz not null
);
