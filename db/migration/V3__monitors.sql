-- What an account watches. Defaults for optional settings are applied by the service, which knows
-- the catalog and the plan; the checks here keep any writer within the documented bounds.
create table monitors (
    id                   uuid primary key,
    account_id           uuid        not null references accounts (id) on delete cascade,
    name                 text        not null check (length(name) between 1 and 200),
    type                 text        not null check (type in ('http', 'provider', 'statuspage')),
    provider             text,
    url                  text        not null check (length(url) <= 2048),
    method               text        not null,
    headers              jsonb       not null default '{}',
    -- AES-GCM ciphertext of the customer's provider key; never returned, never logged.
    credential           bytea,
    interval_seconds     integer     not null check (interval_seconds between 30 and 86400),
    timeout_ms           integer     not null check (timeout_ms between 1 and 60000),
    expect_status        integer[]   not null default '{}',
    max_latency_ms       integer     not null check (max_latency_ms between 1 and 60000),
    body_contains        text,
    tls_expiry_days      integer     not null check (tls_expiry_days between 0 and 365),
    failure_threshold    integer     not null check (failure_threshold between 1 and 20),
    success_threshold    integer     not null check (success_threshold between 1 and 20),
    flap_threshold       integer     not null check (flap_threshold between 1 and 50),
    flap_window_seconds  integer     not null check (flap_window_seconds between 60 and 86400),
    components           text[]      not null default '{}',
    models               text[]      not null default '{}',
    tags                 text[]      not null default '{}',
    paused               boolean     not null default false,
    status               text        not null default 'pending' check (status in ('pending', 'up', 'degraded', 'down', 'paused')),
    last_checked_at      timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index monitors_account_idx on monitors (account_id, created_at desc, id desc);

-- POST with an Idempotency-Key: the first response is kept for 24 hours and replayed.
create table idempotency_keys (
    account_id           uuid        not null references accounts (id) on delete cascade,
    key                  text        not null check (length(key) between 1 and 255),
    request_hash         bytea       not null,
    response_status      integer,
    response_body        text,
    created_at           timestamptz not null,
    primary key (account_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
