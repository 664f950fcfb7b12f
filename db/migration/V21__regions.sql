-- Regions (docs/architecture.md, "Regions"): a monitor may ask to be probed from several regions and to
-- confirm DOWN or DEGRADED only when a quorum of them agree. Monitors without regions are unchanged: one
-- target, claimed by any node.
alter table monitors
    add column regions text[]  not null default '{}',
    add column quorum  integer check (quorum between 1 and 10);

-- A target with a region is claimed only by nodes of that region; null is any node's.
alter table probe_targets add column region text;

-- Each region's own view of a regioned monitor: the same confirmation state the monitors row keeps for an
-- unregioned one, per region. The monitors row then holds what the quorum makes of them.
create table monitor_regions (
    monitor_id            uuid        not null references monitors (id) on delete cascade,
    region                text        not null,
    target_id             uuid        references probe_targets (id),
    status                text        not null default 'pending' check (status in ('pending', 'up', 'degraded', 'down')),
    status_since          timestamptz,
    consecutive_failures  integer     not null default 0,
    consecutive_successes integer     not null default 0,
    failure_episodes      timestamptz[] not null default '{}',
    last_failure_at       timestamptz,
    flapping              boolean     not null default false,
    last_cause            text,
    last_reason           text,
    last_remedy           text,
    last_checked_at       timestamptz,
    primary key (monitor_id, region)
);
create index monitor_regions_target_idx on monitor_regions (target_id);

-- Which region a run came from; null for monitors without regions (no byte on their rows but the null bit).
alter table probe_results add column region text;

-- A region's view that does not reach the quorum is a note on the timeline, never an incident or an alert.
alter table signals drop constraint signals_source_check;
alter table signals add constraint signals_source_check check (source in ('probe', 'statuspage', 'usage', 'region'));
