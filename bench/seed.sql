-- Seeds :n monitors of one account, each with a target of its own, every :interval seconds against
-- the stub on :stub_port. Each target's first run is its own slot (its phase of the interval, as the
-- engine keeps it) in the interval starting :delay seconds after this transaction began, so runs are
-- spread over the interval by the same stable hash as in production; bench_monitors keeps each
-- monitor's first due time for report.sql. Prints the epoch of the first due time.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
begin;
create table bench_monitors (
    monitor_id uuid primary key,
    target_id  uuid not null,
    i          integer not null,
    first_due  timestamptz not null
);
insert into bench_monitors (monitor_id, target_id, i, first_due)
select gen_random_uuid(), gen_random_uuid(), i, now() from generate_series(1, :n) i;

insert into accounts (id, name, created_at)
values ('00000000-0000-4000-8000-0000000be4c4', 'Benchmark', now());
insert into subscriptions (account_id, plan, state, updated_at)
values ('00000000-0000-4000-8000-0000000be4c4', 'pro', 'active', now());

insert into probe_targets (id, target_key, interval_seconds, next_run_at, created_at)
select target_id, 'monitor:' || monitor_id, :interval, now(), now() from bench_monitors;
update probe_targets t set next_run_at = to_timestamp(t.interval_seconds
    * (t.phase + ceil(extract(epoch from now() + make_interval(secs => :delay)) / t.interval_seconds - t.phase)))
from bench_monitors b where b.target_id = t.id;
update bench_monitors b set first_due = t.next_run_at from probe_targets t where t.id = b.target_id;

insert into monitors (id, account_id, name, type, url, method, interval_seconds, timeout_ms, max_latency_ms,
                      tls_expiry_days, failure_threshold, success_threshold, flap_threshold, flap_window_seconds,
                      created_at, updated_at, target_id, status_since)
select monitor_id, '00000000-0000-4000-8000-0000000be4c4', 'bench ' || i, 'http',
       'http://127.0.0.1:' || :stub_port || '/m/' || i, 'GET', :interval, 10000, 3000,
       14, 3, 2, 3, 600, now(), now(), target_id, now()
from bench_monitors;
commit;
analyze bench_monitors;
analyze probe_targets;
analyze monitors;
select extract(epoch from min(first_due)) from bench_monitors;
