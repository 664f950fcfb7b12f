-- The probe engine's schedule: one row per distinct request Tocsin sends, not per monitor. Monitors
-- that send the same unauthenticated request share a target and so one fetch per interval; a monitor
-- with a credential always has a target of its own. Nodes claim due rows with FOR UPDATE SKIP LOCKED
-- and advance next_run_at in the same transaction, so a due probe belongs to exactly one node.
create table probe_targets (
    id                   uuid primary key,
    -- sha256 of method, URL and headers for shared targets; 'monitor:<id>' for authenticated ones
    target_key           text        not null unique,
    -- the shortest interval among the target's active monitors
    interval_seconds     integer     not null check (interval_seconds between 10 and 86400),
    -- the next regular run; null while no active monitor uses the target, so it is never claimed
    next_run_at          timestamptz,
    -- a quick re-check after a first failure; the regular cadence (next_run_at) is left in phase
    recheck_at           timestamptz,
    created_at           timestamptz not null
);
create index probe_targets_due_idx on probe_targets ((least(next_run_at, recheck_at)));

-- Confirmation state, written only by the probe engine (the entity does not map these columns, so an
-- API change of the monitor can never overwrite them with stale values).
alter table monitors
    add column target_id             uuid references probe_targets (id),
    add column consecutive_failures  integer     not null default 0,
    add column consecutive_successes integer     not null default 0,
    -- starts of recent failure episodes, for flap detection; pruned to the flap window
    add column failure_episodes      timestamptz[] not null default '{}',
    add column last_failure_at       timestamptz,
    add column flapping              boolean     not null default false,
    add column last_cause            text,
    add column status_since          timestamptz;
create index monitors_target_idx on monitors (target_id);

-- One row per probe run and monitor, kept tocsin.probes.raw-retention-days.
create table probe_results (
    id                   bigint generated always as identity primary key,
    monitor_id           uuid        not null references monitors (id) on delete cascade,
    -- when the run was due and when it started: their difference is the scheduling lag
    due_at               timestamptz not null,
    started_at           timestamptz not null,
    outcome              text        not null check (outcome in ('up', 'degraded', 'down')),
    cause                text,
    http_status          integer,
    latency_ms           integer,
    dns_ms               integer,
    connect_ms           integer,
    tls_ms               integer,
    first_byte_ms        integer,
    reason               text,
    remedy               text,
    rate_limit           jsonb,
    tls_expires_at       timestamptz,
    -- a quick re-check after a first failure, not a regular run
    recheck              boolean     not null
);
create index probe_results_monitor_idx on probe_results (monitor_id, started_at desc, id desc);
create index probe_results_started_idx on probe_results (started_at);

-- Hourly summaries, kept a year; computed from raw results by one node at a time.
create table probe_rollups (
    monitor_id           uuid        not null references monitors (id) on delete cascade,
    hour                 timestamptz not null,
    probes               integer     not null,
    failures             integer     not null,
    degraded             integer     not null,
    p50_ms               integer,
    p95_ms               integer,
    max_ms               integer,
    primary key (monitor_id, hour)
);
create index probe_rollups_hour_idx on probe_rollups (hour);

-- Confirmed changes of a monitor's condition: what the incident service consumes.
create table signals (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    monitor_id           uuid        not null references monitors (id) on delete cascade,
    source               text        not null check (source in ('probe', 'statuspage', 'usage')),
    -- 'ok' clears the condition named by cause
    severity             text        not null check (severity in ('ok', 'degraded', 'down')),
    cause                text        not null,
    reason               text        not null,
    remedy               text,
    observed_at          timestamptz not null
);
create index signals_monitor_idx on signals (monitor_id, observed_at desc, id desc);
create index signals_account_idx on signals (account_id, observed_at desc);

-- Monitors created before the engine existed get a target of their own, due within their interval;
-- the next change of such a monitor moves it to a shared target when its request allows.
insert into probe_targets (id, target_key, interval_seconds, next_run_at, created_at)
select gen_random_uuid(), 'monitor:' || m.id, m.interval_seconds,
       case when m.paused then null else now() + random() * make_interval(secs => m.interval_seconds) end, now()
from monitors m;
update monitors m set target_id = t.id from probe_targets t where t.target_key = 'monitor:' || m.id;
