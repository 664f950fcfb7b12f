-- After its recipient unsubscribes, an email channel stays off until the recipient confirms again: a
-- member turning it back on is not the recipient's consent.
alter table channels add column unsubscribed_at timestamptz;
