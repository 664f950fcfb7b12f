-- Billing moves out of accounts into its own table, owned by the billing package: one row per
-- account, with what Stripe last told us and what the lifecycle job has done about it.
create table subscriptions (
    account_id              uuid primary key references accounts (id) on delete cascade,
    plan                    text        not null check (plan in ('trial', 'pro')),
    state                   text        not null check (state in ('trialing', 'active', 'past_due', 'expired', 'canceled')),
    trial_ends_at           timestamptz,
    stripe_customer_id      text unique,
    stripe_subscription_id  text unique,
    current_period_end      timestamptz,
    cancel_at_period_end    boolean     not null default false,
    -- Stripe's "created" of the newest event applied: an older event is not trusted (read back instead)
    stripe_event_at         timestamptz,
    past_due_since          timestamptz,
    trial_reminder_sent_at  timestamptz,
    trial_ended_sent_at     timestamptz,
    updated_at              timestamptz not null
);
insert into subscriptions (account_id, plan, state, trial_ends_at, updated_at)
select id, plan, subscription_state, trial_ends_at, now() from accounts;
alter table accounts drop column plan, drop column subscription_state, drop column trial_ends_at;
-- The lifecycle job looks only at accounts with something due.
create index subscriptions_due_idx on subscriptions (trial_ends_at) where state = 'trialing';

-- One processing per Stripe event, whatever the number of nodes: the insert is the claim.
create table stripe_events (
    id              text primary key,
    type            text        not null,
    account_id      uuid references accounts (id) on delete set null,
    created_at      timestamptz not null,
    received_at     timestamptz not null,
    -- what the event did, in words, for support: "state past_due → active"
    outcome         text
);

-- Who paused a monitor: the user, billing (account expired, canceled or past due beyond grace), or
-- the plan (more monitors than it allows). Billing restores only its own pauses.
alter table monitors add column paused_by text check (paused_by in ('user', 'billing', 'plan'));
update monitors set paused_by = 'user' where paused;
alter table monitors add constraint monitors_paused_by_check2 check ((paused_by is null) = (not paused));

-- Mail that is not an incident alert (account and billing mails), sent through an outbox of its own so
-- a mail decided in a transaction goes out exactly when that transaction commits. The message is
-- encrypted: it may carry a sign-in or reset link, which is a credential.
create table mail_outbox (
    id              uuid primary key,
    account_id      uuid references accounts (id) on delete cascade,
    -- one mail per purpose (e.g. the 3-day trial reminder of an account), whatever the number of nodes
    dedup_key       text unique,
    kind            text        not null,
    message         bytea,
    status          text        not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status = 'pending';
