-- Where a vendor's confirmation came from (the status page's host), shown with the vendor's own words.
alter table incidents add column vendor_page text;

-- Set once the end of a window has been handled: a monitor still failing when its window ends opens its
-- incident then, instead of waiting for a change that may never come.
alter table maintenance_windows add column closed_at timestamptz;
create index maintenance_windows_unclosed_idx on maintenance_windows (ends_at) where closed_at is null;
-- Windows over before this migration have nothing left to hand over.
update maintenance_windows set closed_at = ends_at where ends_at <= now();
