-- Browser sessions. Only a SHA-256 of the cookie value is stored.
create table sessions (
    id                  uuid primary key,
    token_hash          bytea       not null,
    user_id             uuid        not null references users (id) on delete cascade,
    account_id          uuid        not null references accounts (id) on delete cascade,
    created_at          timestamptz not null,
    expires_at          timestamptz not null
);
create unique index sessions_token_hash_key on sessions (token_hash);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Signed links (email verification, password reset, invitations) are single-use: their nonce is
-- recorded here when used, and the primary key refuses a second use on any node.
create table used_tokens (
    nonce               text primary key,
    purpose             text        not null,
    used_at             timestamptz not null,
    expires_at          timestamptz not null
);
create index used_tokens_expires_idx on used_tokens (expires_at);

create table invitations (
    id                  uuid primary key,
    account_id          uuid        not null references accounts (id) on delete cascade,
    email               text        not null,
    role                text        not null check (role in ('admin', 'member', 'viewer')),
    invited_by          uuid        references users (id) on delete set null,
    created_at          timestamptz not null,
    expires_at          timestamptz not null,
    accepted_at         timestamptz
);
create index invitations_account_idx on invitations (account_id, created_at);

-- Fixed-window counters shared by every node: one row per (limit key, window start).
create table rate_limit_windows (
    bucket              text        not null,
    window_start        timestamptz not null,
    hits                integer     not null,
    primary key (bucket, window_start)
);

-- Who did what in an account: sign-ins, keys, invitations, role changes.
create table audit_events (
    id                  uuid primary key,
    account_id          uuid        not null references accounts (id) on delete cascade,
    actor_user_id       uuid        references users (id) on delete set null,
    actor_key_id        uuid        references api_keys (id) on delete set null,
    action              text        not null,
    target              text,
    ip                  text,
    created_at          timestamptz not null
);
create index audit_events_account_idx on audit_events (account_id, created_at desc, id);
