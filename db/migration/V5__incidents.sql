-- Where alerts go. An email channel receives alerts once its address is confirmed; the owner's own
-- address is confirmed by the owner's email verification.
create table channels (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    name                 text        not null check (length(name) between 1 and 200),
    type                 text        not null check (type in ('email', 'webhook', 'slack', 'discord', 'pagerduty')),
    -- an email address, a URL, or a PagerDuty routing key
    target               text        not null check (length(target) between 1 and 2048),
    -- webhook signing secret (whsec_…), AES-GCM encrypted like monitor credentials
    secret               bytea,
    enabled              boolean     not null default true,
    confirmed_at         timestamptz,
    created_by           uuid        references users (id) on delete set null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index channels_account_idx on channels (account_id, created_at desc, id desc);

-- Which channels receive which monitors' incidents. Empty selectors mean every monitor.
create table routes (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    channel_id           uuid        not null references channels (id) on delete cascade,
    monitor_ids          uuid[]      not null default '{}',
    providers            text[]      not null default '{}',
    tags                 text[]      not null default '{}',
    min_severity         text        not null default 'degraded' check (min_severity in ('degraded', 'down')),
    -- 0 turns reminders off
    reminder_seconds     integer     not null default 14400 check (reminder_seconds = 0 or reminder_seconds between 600 and 604800),
    created_at           timestamptz not null
);
create index routes_account_idx on routes (account_id);
create index routes_channel_idx on routes (channel_id);

-- One deduplicated problem. The partial unique index is what guarantees one open (or acknowledged)
-- incident per account and key, whichever nodes handle its signals.
create table incidents (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    -- 'provider:<id>:<cause group>' for provider monitors (so a provider's monitors fold together),
    -- 'monitor:<id>:<cause group>' otherwise
    dedup_key            text        not null,
    provider             text,
    -- every monitor ever folded in, and those failing now (the incident resolves when none is)
    monitor_ids          uuid[]      not null default '{}',
    affected_ids         uuid[]      not null default '{}',
    tags                 text[]      not null default '{}',
    title                text        not null,
    cause                text        not null,
    reason               text        not null,
    remedy               text,
    severity             text        not null check (severity in ('degraded', 'down')),
    state                text        not null check (state in ('open', 'acknowledged', 'resolved')),
    -- the vendor's own incident, when its status page confirms the problem
    vendor_incident      text,
    vendor_open          boolean     not null default false,
    signal_count         integer     not null,
    first_seen_at        timestamptz not null,
    last_seen_at         timestamptz not null,
    -- when the opening was last alerted; a reopening within the flap window does not alert again
    alerted_at           timestamptz,
    acknowledged_at      timestamptz,
    acknowledged_by      text,
    resolved_at          timestamptz,
    resolved_by          text,
    created_at           timestamptz not null
);
create unique index incidents_one_open_per_key on incidents (account_id, dedup_key) where state <> 'resolved';
create index incidents_account_idx on incidents (account_id, created_at desc, id desc);
create index incidents_recent_idx on incidents (account_id, dedup_key, resolved_at desc);

-- The timeline: every signal folded in and every transition, including signals inside a maintenance window.
create table incident_events (
    id                   bigint generated always as identity primary key,
    incident_id          uuid        not null references incidents (id) on delete cascade,
    at                   timestamptz not null,
    kind                 text        not null,
    monitor_id           uuid,
    severity             text,
    cause                text,
    detail               text        not null
);
create index incident_events_incident_idx on incident_events (incident_id, at, id);

-- Signals inside a window open nothing and notify nobody. A null monitor and provider cover every
-- monitor of the account.
create table maintenance_windows (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    monitor_id           uuid        references monitors (id) on delete cascade,
    provider             text,
    starts_at            timestamptz not null,
    ends_at              timestamptz not null check (ends_at > starts_at),
    reason               text        not null check (length(reason) between 1 and 500),
    source               text        not null check (source in ('api', 'statuspage')),
    -- the vendor's maintenance id, so a re-read of the status page does not add it twice
    external_id          text,
    created_at           timestamptz not null
);
create index maintenance_windows_account_idx on maintenance_windows (account_id, ends_at);
create unique index maintenance_windows_external_idx on maintenance_windows (account_id, external_id) where external_id is not null;

-- The transactional outbox and delivery log in one: a row per (incident event, channel), written in
-- the transaction of the transition. Its id is the event id receivers deduplicate on.
create table outbox (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    incident_id          uuid        references incidents (id) on delete cascade,
    channel_id           uuid        not null references channels (id) on delete cascade,
    route_id             uuid        references routes (id) on delete set null,
    event_type           text        not null check (event_type in ('incident.opened', 'incident.updated',
                             'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'test')),
    payload              jsonb       not null,
    status               text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts             integer     not null default 0,
    next_attempt_at      timestamptz not null,
    -- a claimed row is leased; if its node dies, the row is due again when the lease ends
    lease_until          timestamptz,
    last_error           text,
    created_at           timestamptz not null,
    delivered_at         timestamptz
);
create index outbox_due_idx on outbox (next_attempt_at) where status = 'pending';
create index outbox_incident_idx on outbox (incident_id, created_at);
create index outbox_route_idx on outbox (route_id, incident_id, created_at desc);

-- Every existing owner gets the email channel and the route to every monitor that sign-up now creates.
insert into channels (id, account_id, name, type, target, enabled, confirmed_at, created_by, created_at, updated_at)
select gen_random_uuid(), m.account_id, 'Email to ' || u.email, 'email', u.email, true, u.email_verified_at, u.id, now(), now()
from memberships m join users u on u.id = m.user_id where m.role = 'owner';
insert into routes (id, account_id, channel_id, created_at)
select gen_random_uuid(), c.account_id, c.id, now() from channels c;
