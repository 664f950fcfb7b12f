-- Every alert event of an incident (opened, updated, acknowledged, resolved, reminder) takes the next
-- number of this counter, in the transaction that writes it and under the incident's row lock, so two
-- nodes never hand out the same number and numbers follow commit order. Webhook receivers drop an
-- event whose sequence is lower than one they already saw for the incident.
alter table incidents add column event_sequence bigint not null default 0;
