-- Seeds the delivery benchmark: one account and a write API key whose secret is :'key' (stored, as
-- ApiKeys does, as SHA-256 of the UTF-8 secret), and the procedure that generates alerts. The webhook
-- channel is created through the API afterwards: its secret is encrypted by the app.
\set ON_ERROR_STOP on
begin;
insert into accounts (id, name, created_at)
values ('00000000-0000-4000-8000-00000de11bec', 'Delivery benchmark', now());
insert into subscriptions (account_id, plan, state, updated_at)
values ('00000000-0000-4000-8000-00000de11bec', 'pro', 'active', now());

-- The key answers to an owner: a key whose creator is gone is refused.
insert into users (id, email, email_verified_at, created_at)
values ('00000000-0000-4000-8000-00000000b0b0', 'bench@example.com', now(), now());
insert into memberships (account_id, user_id, role, created_at)
values ('00000000-0000-4000-8000-00000de11bec', '00000000-0000-4000-8000-00000000b0b0', 'owner', now());
insert into api_keys (id, account_id, name, scope, prefix, secret_hash, created_by, created_at)
values (gen_random_uuid(), '00000000-0000-4000-8000-00000de11bec', 'benchmark', 'write', left(:'key', 10),
        sha256(convert_to(:'key', 'UTF8')), '00000000-0000-4000-8000-00000000b0b0', now());

-- One row per phase: its rate and when its first and last alerts were inserted.
create table bench_phases (
    phase      text primary key,
    ord        integer not null,
    rate       integer not null,
    started_at timestamptz not null,
    ended_at   timestamptz
);

-- Inserts rate × seconds copies of the outbox row `template` (the channel's own test message), one
-- transaction each, on an absolute schedule of 1/rate s (a late row does not push the next ones back).
-- Each row is due the moment it is inserted: created_at = next_attempt_at = clock_timestamp() just
-- before its commit, so delivered_at - created_at is insert-to-delivered.
create procedure bench_alerts(p_phase text, p_ord integer, p_rate integer, p_seconds integer, p_template uuid)
language plpgsql as $$
declare
    tmpl outbox%rowtype;
    t0   timestamptz;
    t    timestamptz;
begin
    select * into strict tmpl from outbox where id = p_template;
    t0 := clock_timestamp();
    insert into bench_phases (phase, ord, rate, started_at) values (p_phase, p_ord, p_rate, t0);
    commit;
    for i in 0 .. p_rate * p_seconds - 1 loop
        perform pg_sleep(greatest(0, extract(epoch from
            t0 + make_interval(secs => i::double precision / p_rate) - clock_timestamp())));
        t := clock_timestamp();
        insert into outbox (id, account_id, channel_id, event_type, payload, next_attempt_at, created_at)
        values (gen_random_uuid(), tmpl.account_id, tmpl.channel_id, tmpl.event_type, tmpl.payload, t, t);
        commit;
    end loop;
    update bench_phases set ended_at = t where phase = p_phase;
    commit;
end $$;
commit;
