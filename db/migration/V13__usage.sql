-- The customer's own calls, folded per account, provider, model and minute as they arrive: a batch
-- upserts a few rows, never a row per call. Latency and time-to-first-token are histograms over fixed
-- log buckets (UsageHistogram), so the percentile of any window is read from the sum of its rows.
create table usage_minutes (
    account_id      uuid        not null references accounts (id) on delete cascade,
    provider        text        not null,
    model           text        not null,
    minute          timestamptz not null,
    calls           bigint      not null,
    ok              bigint      not null,   -- 2xx and 3xx
    client_errors   bigint      not null,   -- 4xx other than 429
    rate_limited    bigint      not null,   -- 429 exactly
    server_errors   bigint      not null,   -- 5xx
    transport       bigint      not null,   -- status 0: no answer
    fallbacks       bigint      not null,
    input_tokens    bigint      not null,
    output_tokens   bigint      not null,
    cost_micro_usd  bigint      not null,
    latency_hist    bigint[]   not null,
    ttft_hist       bigint[]   not null,
    primary key (account_id, provider, model, minute)
);
create index usage_minutes_minute_idx on usage_minutes (minute);

-- Element-wise sum of two histograms of the same buckets.
create function usage_hist_add(a bigint[], b bigint[]) returns bigint[] language sql immutable as $$
    select array_agg(coalesce(t.x, 0) + coalesce(t.y, 0) order by t.n) from unnest(a, b) with ordinality as t(x, y, n)
$$;

-- Prices an account sets for its own models (or to override the catalog's), US dollars per million tokens.
create table usage_prices (
    account_id              uuid    not null references accounts (id) on delete cascade,
    provider                text    not null check (length(provider) between 1 and 100),
    model                   text    not null check (length(model) between 1 and 200),
    input_per_million_usd   numeric not null check (input_per_million_usd >= 0),
    output_per_million_usd  numeric not null check (output_per_million_usd >= 0),
    primary key (account_id, provider, model)
);

-- Rules over rolling windows of an account's own calls.
create table usage_rules (
    id              uuid primary key,
    account_id      uuid        not null references accounts (id) on delete cascade,
    name            text        not null check (length(name) between 1 and 200),
    kind            text        not null check (kind in ('status-rate', 'latency', 'fallback-rate', 'spend')),
    provider        text,
    model           text,
    window_seconds  integer     not null check (window_seconds between 60 and 86400),
    min_calls       integer     not null check (min_calls between 0 and 1000000000),
    settings        jsonb       not null,
    -- per provider (and model) the rule is breached for: {"mistral|*": "2026-…"}
    breached        jsonb       not null default '{}',
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index usage_rules_account_idx on usage_rules (account_id, created_at desc, id desc);

-- Accounts that sent calls recently, for the evaluator: claimed SKIP LOCKED, one node per account.
create table usage_accounts (
    account_id      uuid primary key references accounts (id) on delete cascade,
    last_event_at   timestamptz not null,
    evaluated_at    timestamptz
);

-- The histogram of a window: the element-wise sum of its rows.
create aggregate usage_hist_sum(bigint[]) (sfunc = usage_hist_add, stype = bigint[]);

-- A usage rule's signal is about the customer's own calls to a provider, not about a monitor.
alter table signals alter column monitor_id drop not null, add column subject text,
    add constraint signals_subject_check check (monitor_id is not null or (source = 'usage' and subject is not null));
