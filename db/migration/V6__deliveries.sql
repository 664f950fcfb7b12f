-- One line per delivery attempt of an outbox row: what was tried, when, and what came back.
create table delivery_attempts (
    id                   bigint generated always as identity primary key,
    outbox_id            uuid        not null references outbox (id) on delete cascade,
    attempt              integer     not null,
    at                   timestamptz not null,
    outcome              text        not null check (outcome in ('delivered', 'retry', 'failed', 'gone')),
    http_status          integer,
    error                text,
    duration_ms          integer     not null
);
create index delivery_attempts_outbox_idx on delivery_attempts (outbox_id, attempt);

alter table outbox add column last_status integer;
