package dev.tocsin.probe.region;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.probe.Confirmation;
import dev.tocsin.probe.Outcome;
import dev.tocsin.probe.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every region's view of the regioned monitors in one batch of runs, locked in the recorder's transaction
 * (after the monitors' rows, in monitor and region order, so two nodes of different regions recording runs of
 * one monitor take turns and never deadlock). A run moves its region's view through the same confirmation
 * as an unregioned monitor; {@link Quorum} then says what the monitor is.
 */
public final class RegionStates {

    private static final String LOCK = """
            select monitor_id, region, status, consecutive_failures, consecutive_successes, failure_episodes, last_failure_at,
                   flapping, last_cause, last_reason, last_remedy, last_checked_at
            from monitor_regions where monitor_id = any(?) order by monitor_id, region for update""";

    private static final String UPDATE = """
            update monitor_regions set status = ?, status_since = case when status = ? then status_since else ? end,
                consecutive_failures = ?, consecutive_successes = ?, failure_episodes = ?, last_failure_at = ?, flapping = ?,
                last_cause = ?, last_reason = ?, last_remedy = ?, last_checked_at = greatest(last_checked_at, ?)
            where monitor_id = ? and region = ?""";

    /** One region's view as locked, and as it stands after the runs applied so far. */
    private record Row(Confirmation.State state, String reason, String remedy, Instant checkedAt, boolean touched) {
    }

    /** What one run did: the monitor's step as the quorum sees it, and the region's own changes that stay notes. */
    public record Applied(Confirmation.Step monitor, List<Confirmation.Change> notes, boolean regionChanged) {
    }

    private final Map<UUID, Map<String, Row>> byMonitor;

    private RegionStates(Map<UUID, Map<String, Row>> byMonitor) {
        this.byMonitor = byMonitor;
    }

    public static RegionStates lock(Connection c, Collection<UUID> monitorIds) throws SQLException {
        Map<UUID, Map<String, Row>> rows = new LinkedHashMap<>();
        if (monitorIds.isEmpty()) {
            return new RegionStates(rows);
        }
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setArray(1, c.createArrayOf("uuid", monitorIds.toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    Timestamp lastFailure = rs.getTimestamp(7);
                    Timestamp checked = rs.getTimestamp(12);
                    var state = new Confirmation.State(MonitorStatus.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getInt(4),
                            rs.getInt(5), Arrays.stream((Timestamp[]) rs.getArray(6).getArray()).map(Timestamp::toInstant).toList(),
                            lastFailure == null ? null : lastFailure.toInstant(), rs.getBoolean(8), rs.getString(9));
                    rows.computeIfAbsent(rs.getObject(1, UUID.class), id -> new LinkedHashMap<>()).put(rs.getString(2),
                            new Row(state, rs.getString(10), rs.getString(11), checked == null ? null : checked.toInstant(), false));
                }
            }
        }
        return new RegionStates(rows);
    }

    /**
     * Applies one region's run. Empty when the monitor no longer asks for that region (changed since the claim):
     * the run is not recorded, as for a monitor paused meanwhile.
     */
    public Optional<Applied> apply(UUID monitorId, String region, Confirmation.State monitor, Confirmation.Thresholds thresholds,
                                   int quorum, Duration freshness, Verdict verdict, Instant at) {
        Map<String, Row> regions = byMonitor.get(monitorId);
        Row row = regions == null ? null : regions.get(region);
        if (row == null) {
            return Optional.empty();
        }
        Confirmation.Step step = Confirmation.apply(row.state(), thresholds, verdict, at);
        boolean bad = verdict.outcome() != Outcome.UP;
        regions.put(region, new Row(step.state(), bad ? verdict.reason() : row.reason(), bad ? verdict.remedy() : row.remedy(),
                row.checkedAt() == null || at.isAfter(row.checkedAt()) ? at : row.checkedAt(), true));

        List<Quorum.View> views = regions.entrySet().stream().map(e -> new Quorum.View(e.getKey(), e.getValue().state().status(),
                e.getValue().checkedAt(), e.getValue().state().lastCause(), e.getValue().reason(), e.getValue().remedy())).toList();
        Quorum.Verdict judged = Quorum.judge(monitor.status(), monitor.lastCause(), views, quorum, freshness, region, at);
        Confirmation.State next = new Confirmation.State(judged.status(), monitor.failures(), monitor.successes(), monitor.episodes(),
                monitor.lastFailureAt(), false, judged.cause());
        List<Confirmation.Change> changes = judged.change().map(List::of).orElse(List.of());
        // The region's own change is the monitor's when it tipped the quorum; otherwise a note on the timeline.
        List<Confirmation.Change> notes = changes.isEmpty() ? step.changes().stream().map(c -> note(region, c, views.size(), quorum)).toList()
                : List.of();
        return Optional.of(new Applied(new Confirmation.Step(next, changes, step.recheck()), notes, !step.state().equals(row.state())));
    }

    private static Confirmation.Change note(String region, Confirmation.Change change, int regions, int quorum) {
        return new Confirmation.Change(change.severity(), change.cause(), "From " + region + " only (an alert needs " + quorum + " of "
                + regions + " regions): " + change.reason(), change.remedy());
    }

    public void write(Connection c) throws SQLException {
        List<Object[]> touched = new ArrayList<>();
        byMonitor.forEach((monitor, regions) -> regions.forEach((region, row) -> {
            if (row.touched()) {
                touched.add(new Object[] {monitor, region, row});
            }
        }));
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
            for (Object[] t : touched) {
                Row row = (Row) t[2];
                Confirmation.State s = row.state();
                update.setString(1, s.status().code());
                update.setString(2, s.status().code());
                update.setTimestamp(3, Timestamp.from(row.checkedAt()));
                update.setInt(4, s.failures());
                update.setInt(5, s.successes());
                update.setArray(6, c.createArrayOf("timestamptz", s.episodes().stream().map(Timestamp::from).toArray()));
                update.setTimestamp(7, s.lastFailureAt() == null ? null : Timestamp.from(s.lastFailureAt()));
                update.setBoolean(8, s.flapping());
                update.setString(9, s.lastCause());
                update.setString(10, row.reason());
                update.setString(11, row.remedy());
                update.setTimestamp(12, Timestamp.from(row.checkedAt()));
                update.setObject(13, t[0]);
                update.setString(14, (String) t[1]);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
