-- Secrets that were stored readable are sealed with the credential key (AES-GCM, the row id as
-- associated data). The key lives outside the database, so SQL cannot encrypt: the service seals the
-- rows still readable when it starts (SecretSweep), and reads either form until then.

-- A monitor's request headers, sealed; the readable headers column keeps the names and masked values.
alter table monitors add column sealed_headers bytea;

-- A Slack or Discord webhook URL or a PagerDuty routing key, sealed; target keeps a masked form for display.
alter table channels add column sealed_target bytea;
