-- Tenancy core. Every tenant-owned table carries account_id so that rows can one day be
-- sharded by account; finders always filter on it.

create table accounts (
    id                  uuid primary key,
    name                text        not null check (length(name) between 1 and 200),
    plan                text        not null check (plan in ('trial', 'pro')),
    subscription_state  text        not null check (subscription_state in ('trialing', 'active', 'past_due', 'expired', 'canceled')),
    trial_ends_at       timestamptz,
    created_at          timestamptz not null
);

-- A person. Emails are unique whatever their case; they are stored as typed.
create table users (
    id                  uuid primary key,
    email               text        not null check (length(email) between 3 and 320),
    password_hash       text,
    email_verified_at   timestamptz,
    created_at          timestamptz not null
);
create unique index users_email_key on users (lower(email));

create table memberships (
    account_id          uuid        not null references accounts (id) on delete cascade,
    user_id             uuid        not null references users (id) on delete cascade,
    role                text        not null check (role in ('owner', 'admin', 'member', 'viewer')),
    created_at          timestamptz not null,
    primary key (account_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

-- API keys are stored as a SHA-256 of the secret: the secret itself is shown once.
create table api_keys (
    id                  uuid primary key,
    account_id          uuid        not null references accounts (id) on delete cascade,
    name                text        not null check (length(name) between 1 and 100),
    scope               text        not null check (scope in ('read', 'write')),
    prefix              text        not null,
    secret_hash         bytea       not null,
    created_by          uuid        references users (id) on delete set null,
    created_at          timestamptz not null,
    last_used_at        timestamptz,
    revoked_at          timestamptz
);
create unique index api_keys_secret_hash_key on api_keys (secret_hash);
create index api_keys_account_idx on api_keys (account_id, created_at);
