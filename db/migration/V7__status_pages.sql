-- Vendors' status pages: one row per distinct page, polled once per interval for every account that
-- watches it. Nodes claim due rows with FOR UPDATE SKIP LOCKED and advance next_poll_at in the same
-- statement, so each poll of a page belongs to exactly one node.
create table status_pages (
    id                   uuid primary key,
    -- the page URL, normalized (lower-case scheme and host, no default port, no trailing slash, no fragment)
    url                  text        not null,
    platform             text        not null,
    -- what is fetched: the platform's JSON endpoint under the page, or the feed itself
    fetch_url            text        not null,
    -- validators of the stored snapshot, sent back as If-None-Match / If-Modified-Since
    etag                 text,
    last_modified        text,
    -- the last page read successfully, normalized (StatusSnapshot as JSON); changes are diffed against it
    snapshot             jsonb,
    -- pending until the first poll; unreachable/unreadable are the page's own condition, never the vendor's
    state                text        not null default 'pending'
                         check (state in ('pending', 'ok', 'unreachable', 'unreadable')),
    last_error           text,
    consecutive_failures integer     not null default 0,
    last_fetched_at      timestamptz,
    last_ok_at           timestamptz,
    next_poll_at         timestamptz,
    -- when a monitor's creation last detected (or took from the catalog) this platform for the URL
    detected_at          timestamptz,
    created_at           timestamptz not null,
    unique (url, platform, fetch_url)
);
create index status_pages_due_idx on status_pages (next_poll_at);
create index status_pages_url_idx on status_pages (url);

-- Which page a monitor watches: provider monitors through their catalog provider's page, statuspage
-- monitors through their URL. synced is false until the monitor has seen one read of the page, so its
-- first read reports what is wrong now instead of diffing against a snapshot it never saw.
create table status_page_subscriptions (
    monitor_id           uuid        primary key references monitors (id) on delete cascade,
    page_id              uuid        not null references status_pages (id) on delete cascade,
    synced               boolean     not null default false
);
create index status_page_subscriptions_page_idx on status_page_subscriptions (page_id);
