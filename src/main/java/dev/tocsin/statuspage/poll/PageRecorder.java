package dev.tocsin.statuspage.poll;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.signal.Signal;
import dev.tocsin.signal.SignalLog;
import dev.tocsin.statuspage.Maintenance;
import dev.tocsin.statuspage.StatusChange;
import dev.tocsin.statuspage.StatusChanges;
import dev.tocsin.statuspage.StatusSnapshot;
import dev.tocsin.statuspage.poll.PageRead.Failed;
import dev.tocsin.statuspage.poll.PageRead.Fresh;
import dev.tocsin.statuspage.poll.PageSignals.Subscriber;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes what one read of a page means, in one transaction per page: the page's condition, its new
 * snapshot and validators, each subscriber's signals (through {@link SignalLog}, so incidents follow in
 * the same commit), imported maintenance windows and the status of statuspage monitors. The page row is
 * locked first, so two nodes never diff against the same snapshot.
 */
@ApplicationScoped
class PageRecorder {

    /** Vendors do not always say when maintenance ends; a window needs an end. */
    static final Duration DEFAULT_MAINTENANCE = Duration.ofHours(2);
    static final Duration MAX_MAINTENANCE = Duration.ofDays(31);

    private static final String SUBSCRIBERS = """
            select m.id, m.account_id, m.provider, m.components, s.synced
            from status_page_subscriptions s join monitors m on m.id = s.monitor_id
            where s.page_id = ? and not m.paused and (?::uuid is null or m.id = ?::uuid) order by m.account_id, m.id""";

    private static final String SET_STATUS = """
            update monitors set status = ?, status_since = case when status = ? then status_since else ? end,
                last_checked_at = greatest(last_checked_at, ?)
            where id in (select id from monitors where id = ? and not paused for no key update skip locked)""";

    private static final String INSERT_WINDOW = """
            insert into maintenance_windows (id, account_id, monitor_id, provider, starts_at, ends_at, reason, source,
                external_id, created_at)
            values (?, ?, ?, ?, ?, ?, ?, 'statuspage', ?, ?)
            on conflict (account_id, external_id) where external_id is not null do nothing""";

    private final DataSource dataSource;
    private final SignalLog signalLog;

    PageRecorder(DataSource dataSource, SignalLog signalLog) {
        this.dataSource = dataSource;
        this.signalLog = signalLog;
    }

    /** Records the read; returns the signals raised (none unless the page was read). */
    List<Signal> record(UUID pageId, PageRead read, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return write(c, pageId, read, now);
            }
        });
    }

    private List<Signal> write(Connection c, UUID pageId, PageRead read, Instant now) throws SQLException {
        String stored = lockSnapshot(c, pageId);
        if (read instanceof Failed failed) {
            update(c, """
                    update status_pages set state = ?, last_error = ?, consecutive_failures = consecutive_failures + 1,
                        last_fetched_at = ? where id = ?""", failed.state().code(), failed.message(), now, pageId);
            return List.of();
        }
        StatusSnapshot previous = stored == null ? null : SnapshotJson.read(stored);
        StatusSnapshot current = read instanceof Fresh fresh ? fresh.snapshot() : previous;
        if (current == null) {
            update(c, "update status_pages set state = 'unreadable', last_error = ?, etag = null, last_modified = null,"
                    + " consecutive_failures = consecutive_failures + 1, last_fetched_at = ? where id = ?",
                    "answered 304 Not Modified but nothing was stored; asking again without validators", now, pageId);
            return List.of();
        }
        List<Signal> signals = apply(c, pageId, previous, current, subscribers(c, pageId, null), now);
        if (read instanceof Fresh fresh) {
            update(c, """
                    update status_pages set snapshot = ?::jsonb, etag = ?, last_modified = ?, state = 'ok', last_error = null,
                        consecutive_failures = 0, last_fetched_at = ?, last_ok_at = ? where id = ?""",
                    SnapshotJson.write(fresh.snapshot()), fresh.etag(), fresh.lastModified(), now, now, pageId);
        } else {
            update(c, """
                    update status_pages set state = 'ok', last_error = null, consecutive_failures = 0, last_fetched_at = ?,
                        last_ok_at = ? where id = ?""", now, now, pageId);
        }
        signalLog.append(c, signals);
        return List.copyOf(signals);
    }

    /**
     * Brings one statuspage monitor up to the page as last read, in the caller's transaction: its status, and
     * on its first read what is wrong now (signals and maintenance windows), as a poll would. A new monitor
     * thus shows the page's status at once, from the read its detection made. Nothing happens while the page
     * was never read or its last read failed.
     */
    void catchUp(UUID pageId, UUID monitorId, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            String stored = lockSnapshot(c, pageId);
            if (stored == null || !"ok".equals(state(c, pageId))) {
                return;
            }
            StatusSnapshot snapshot = SnapshotJson.read(stored);
            List<Subscriber> subscriber = subscribers(c, pageId, monitorId);
            // Synced: diffing the stored snapshot against itself raises nothing and only sets the status.
            signalLog.append(c, apply(c, pageId, subscriber.stream().allMatch(Subscriber::synced) ? snapshot : null, snapshot,
                    subscriber, now));
        } catch (SQLException e) {
            throw new IllegalStateException("could not bring monitor " + monitorId + " up to its status page", e);
        }
    }

    /** Each subscriber's signals, windows and status for a read; marks first readers as having read the page. */
    private static List<Signal> apply(Connection c, UUID pageId, StatusSnapshot previous, StatusSnapshot current,
                                      List<Subscriber> subscribers, Instant now) throws SQLException {
        List<Signal> signals = new ArrayList<>();
        List<UUID> newlySynced = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            List<StatusChange> changes = StatusChanges.between(subscriber.synced() ? previous : null, current,
                    subscriber.components());
            signals.addAll(PageSignals.of(subscriber, changes, current, now));
            for (Maintenance maintenance : PageSignals.maintenances(changes)) {
                importWindow(c, pageId, subscriber, maintenance, now);
            }
            if (subscriber.statusFromPage()) {
                setStatus(c, subscriber.monitorId(), PageSignals.status(current, subscriber.components()), now);
            }
            if (!subscriber.synced()) {
                newlySynced.add(subscriber.monitorId());
            }
        }
        if (!newlySynced.isEmpty()) {
            try (PreparedStatement sync = c.prepareStatement("update status_page_subscriptions set synced = true where monitor_id = any(?)")) {
                sync.setArray(1, c.createArrayOf("uuid", newlySynced.toArray()));
                sync.executeUpdate();
            }
        }
        return signals;
    }

    /**
     * A monitor row someone else holds (a settings change in flight) is skipped, not waited for: that change
     * brings the monitor up to the page itself once this read commits, and waiting here, with the page row
     * locked, would deadlock against it.
     */
    private static void setStatus(Connection c, UUID monitorId, MonitorStatus status, Instant now) throws SQLException {
        update(c, SET_STATUS, status.code(), status.code(), now, now, monitorId);
    }

    private static String state(Connection c, UUID pageId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("select state from status_pages where id = ?")) {
            query.setObject(1, pageId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String lockSnapshot(Connection c, UUID pageId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select snapshot::text from status_pages where id = ? for update")) {
            lock.setObject(1, pageId);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The page's active subscribers, or only {@code onlyMonitor} when it is not null. */
    private static List<Subscriber> subscribers(Connection c, UUID pageId, UUID onlyMonitor) throws SQLException {
        List<Subscriber> subscribers = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(SUBSCRIBERS)) {
            query.setObject(1, pageId);
            query.setObject(2, onlyMonitor);
            query.setObject(3, onlyMonitor);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Array components = rs.getArray(4);
                    subscribers.add(new Subscriber(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            components == null ? Set.of() : new HashSet<>(Arrays.asList((String[]) components.getArray())),
                            rs.getBoolean(5)));
                }
            }
        }
        return subscribers;
    }

    /**
     * A window per vendor maintenance for each statuspage monitor of the page, and one per account for a
     * provider (it covers all of the account's monitors of that provider). The external id names the page
     * too, so two vendors' maintenance ids never collide. Finished ones are history.
     */
    private static void importWindow(Connection c, UUID pageId, Subscriber s, Maintenance maintenance, Instant now)
            throws SQLException {
        Instant starts = maintenance.startsAt() == null ? now : maintenance.startsAt();
        Instant ends = maintenance.endsAt() == null || !maintenance.endsAt().isAfter(starts)
                ? starts.plus(DEFAULT_MAINTENANCE) : maintenance.endsAt();
        if (!ends.isAfter(now)) {
            return;
        }
        if (ends.isAfter(starts.plus(MAX_MAINTENANCE))) {
            ends = starts.plus(MAX_MAINTENANCE);
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_WINDOW)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, s.accountId());
            insert.setObject(3, s.provider() == null ? s.monitorId() : null);
            insert.setString(4, s.provider());
            insert.setTimestamp(5, Timestamp.from(starts));
            insert.setTimestamp(6, Timestamp.from(ends));
            insert.setString(7, "Vendor maintenance: " + maintenance.title());
            insert.setString(8, pageId + ":" + maintenance.id() + (s.provider() == null ? ":" + s.monitorId() : ""));
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                update.setObject(i + 1, value instanceof Instant at ? Timestamp.from(at) : value);
            }
            update.executeUpdate();
        }
    }
}
