-- A committed outbox row wakes the drainers of every node at once instead of at their next poll: the
-- trigger sends NOTIFY in the writing transaction, and PostgreSQL delivers it only if, and when, that
-- transaction commits (a rollback sends nothing). Every writer is covered, whatever its node or
-- version, because the database sends it, not the application. The payload is empty: a wake-up says
-- "look", the claim decides what to send. Identical notifications of one transaction are folded into
-- one by PostgreSQL, so a transition writing ten rows wakes each node once.
create function tocsin_wake() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], '');
    return null;
end $$;

create trigger outbox_wakeup after insert on outbox
    for each statement execute function tocsin_wake('tocsin_outbox');

-- A replayed delivery is due at once again. Claims (which set a lease) and recorded retries (due after
-- a backoff) do not match, so the drainers' own updates never wake anybody.
create trigger outbox_replay_wakeup after update of status, next_attempt_at on outbox
    for each row when (new.status = 'pending' and new.lease_until is null and new.next_attempt_at <= clock_timestamp())
    execute function tocsin_wake('tocsin_outbox');

create trigger mail_outbox_wakeup after insert on mail_outbox
    for each statement execute function tocsin_wake('tocsin_mail_outbox');
