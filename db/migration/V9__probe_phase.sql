-- Where in its interval a target's regular runs fall, as a fraction of the interval: a stable hash of the
-- id, so targets created together (a bulk import) still spread over the whole interval instead of
-- bunching where they were created, and every node computes the same slot.
alter table probe_targets
    add column phase double precision not null
        generated always as ((hashtextextended(id::text, 0) & 2147483647)::double precision / 2147483648.0) stored;
