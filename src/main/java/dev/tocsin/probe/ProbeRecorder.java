package dev.tocsin.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.probe.region.Quorum;
import dev.tocsin.probe.region.RegionStates;
import dev.tocsin.signal.Signal;
import dev.tocsin.signal.SignalLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Records a batch of finished runs in one transaction: the raw results, each monitor's confirmation
 * state, the signals for confirmed changes, and quick re-checks and Retry-After delays on the schedule.
 * The monitors' rows are locked in id order first, so two nodes recording runs of the same monitor
 * (a re-check racing a regular run) apply them one after the other and never deadlock. The lock is the
 * one an update of non-key columns takes ({@code for no key update}): it excludes other writers, edits
 * and deletes, but not the key-share locks of foreign keys, so a rollup pass inserting rows for every
 * monitor does not hold the writer up for its whole transaction.
 */
@ApplicationScoped
public class ProbeRecorder {

    private static final String LOCK = """
            select id, account_id, status, consecutive_failures, consecutive_successes, failure_episodes,
                   last_failure_at, flapping, last_cause, failure_threshold, success_threshold, flap_threshold,
                   flap_window_seconds, coalesce(quorum, 0), interval_seconds
            from monitors where id = any(?) and not paused order by id for no key update""";

    // One statement for every monitor whose state moved. Values on the right of SET are the row as it was:
    // status_since moves only with the status. Episodes travel as array literals (unnest cannot take an
    // array of arrays of different lengths).
    private static final String UPDATE_STATES = """
            update monitors m set status = u.status, status_since = case when m.status = u.status then m.status_since else u.at end,
                consecutive_failures = u.failures, consecutive_successes = u.successes, failure_episodes = u.episodes::timestamptz[],
                last_failure_at = u.last_failure_at, flapping = u.flapping, last_cause = u.last_cause,
                last_checked_at = greatest(m.last_checked_at, u.at)
            from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::integer[], ?::integer[], ?::text[], ?::timestamptz[],
                        ?::boolean[], ?::text[])
                as u(id, status, at, failures, successes, episodes, last_failure_at, flapping, last_cause)
            where m.id = u.id""";

    private static final String TOUCH = """
            update monitors m set last_checked_at = greatest(m.last_checked_at, u.at)
            from unnest(?::uuid[], ?::timestamptz[]) as u(id, at) where m.id = u.id""";

    /** PostgreSQL's "no partition of relation found for row". */
    private static final String NO_PARTITION = "23514";

    private final DataSource dataSource;
    private final SignalLog signals;
    private final ProbeConfig config;
    private final ObjectMapper json;
    private final ResultPartitions partitions;

    ProbeRecorder(DataSource dataSource, SignalLog signals, ProbeConfig config, ObjectMapper json, ResultPartitions partitions) {
        this.dataSource = dataSource;
        this.signals = signals;
        this.config = config;
        this.json = json;
        this.partitions = partitions;
    }

    /** What recording found: the signals raised, for the caller's metrics and tests. */
    public record Recorded(int results, List<Signal> signals) {
    }

    public Recorded record(List<ProbeRun> runs) {
        if (runs.isEmpty()) {
            return new Recorded(0, List.of());
        }
        partitions.ensure(runs.stream().map(r -> ResultPartitions.day(r.startedAt())).toList());
        try {
            return writeAll(runs);
        } catch (RuntimeException e) {
            if (!missingPartition(e)) {
                throw e;
            }
            // A partition this node believed in was dropped (retention, or a clock moved back): create and retry once.
            partitions.forget();
            partitions.ensure(runs.stream().map(r -> ResultPartitions.day(r.startedAt())).toList());
            return writeAll(runs);
        }
    }

    private Recorded writeAll(List<ProbeRun> runs) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return write(c, runs);
            }
        });
    }

    private static boolean missingPartition(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && NO_PARTITION.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("no partition")) {
                return true;
            }
            if (t instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null
                    && missingPartition(batch.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private Recorded write(Connection c, List<ProbeRun> runs) throws SQLException {
        Map<UUID, Locked> states = lock(c, runs);
        RegionStates regions = RegionStates.lock(c, runs.stream().filter(r -> r.region() != null && states.containsKey(r.monitorId()))
                .map(ProbeRun::monitorId).distinct().sorted().toList());
        List<ProbeRun> ordered = new ArrayList<>();
        List<Signal> raised = new ArrayList<>();
        Map<UUID, Instant> rechecks = new HashMap<>();
        Map<UUID, Instant> notBefore = new HashMap<>();
        java.util.Set<ProbeRun> changed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ProbeRun run : runs.stream().sorted(Comparator.comparing(ProbeRun::startedAt)).toList()) {
            Locked locked = states.get(run.monitorId());
            if (locked == null) {
                continue;
            }
            Confirmation.Step step;
            List<Confirmation.Change> notes = List.of();
            boolean regionChanged = false;
            if (run.region() == null) {
                step = Confirmation.apply(locked.state(), locked.thresholds(), run.verdict(), run.startedAt());
            } else {
                var applied = regions.apply(run.monitorId(), run.region(), locked.state(), locked.thresholds(), locked.quorum(),
                        Quorum.freshness(locked.intervalSeconds()), run.verdict(), run.startedAt());
                if (applied.isEmpty()) {
                    continue;
                }
                step = applied.get().monitor();
                notes = applied.get().notes();
                regionChanged = applied.get().regionChanged();
            }
            ordered.add(run);
            states.put(run.monitorId(), new Locked(locked.accountId(), locked.original(), step.state(), locked.thresholds(),
                    latest(locked.checkedAt(), run.startedAt()), locked.quorum(), locked.intervalSeconds()));
            if (regionChanged || !step.state().equals(locked.state())) {
                changed.add(run);
            }
            for (Confirmation.Change change : step.changes()) {
                raised.add(new Signal(UUID.randomUUID(), run.accountId(), run.monitorId(), Signal.Source.PROBE,
                        change.severity(), change.cause(), change.reason(), change.remedy(), run.startedAt()));
            }
            for (Confirmation.Change note : notes) {
                raised.add(new Signal(UUID.randomUUID(), run.accountId(), run.monitorId(), Signal.Source.REGION,
                        note.severity(), note.cause(), note.reason(), note.remedy(), run.startedAt()));
            }
            if (step.recheck()) {
                rechecks.merge(run.targetId(), run.startedAt().plus(config.recheckInterval()), (a, b) -> a.isBefore(b) ? a : b);
            }
            run.retryAfter().ifPresent(wait -> notBefore.merge(run.targetId(), run.startedAt().plus(wait),
                    (a, b) -> a.isAfter(b) ? a : b));
        }
        updateStates(c, states);
        regions.write(c);
        ResultRows.insert(c, ordered, changed, json);
        reschedule(c, rechecks, notBefore);
        signals.append(c, raised);
        return new Recorded(ordered.size(), List.copyOf(raised));
    }

    /** A monitor's state as locked, and as it stands after the runs applied so far. */
    private record Locked(UUID accountId, Confirmation.State original, Confirmation.State state,
                          Confirmation.Thresholds thresholds, Instant checkedAt, int quorum, int intervalSeconds) {
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private Map<UUID, Locked> lock(Connection c, List<ProbeRun> runs) throws SQLException {
        Map<UUID, Locked> states = new LinkedHashMap<>();
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setArray(1, c.createArrayOf("uuid", runs.stream().map(ProbeRun::monitorId).distinct().toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    MonitorStatus status = MonitorStatus.valueOf(rs.getString(3).toUpperCase(Locale.ROOT));
                    Timestamp[] episodes = (Timestamp[]) rs.getArray(6).getArray();
                    Timestamp lastFailure = rs.getTimestamp(7);
                    var state = new Confirmation.State(status, rs.getInt(4), rs.getInt(5),
                            Arrays.stream(episodes).map(Timestamp::toInstant).toList(),
                            lastFailure == null ? null : lastFailure.toInstant(), rs.getBoolean(8), rs.getString(9));
                    var thresholds = new Confirmation.Thresholds(rs.getInt(10), rs.getInt(11), rs.getInt(12),
                            Duration.ofSeconds(rs.getInt(13)));
                    states.put(rs.getObject(1, UUID.class), new Locked(rs.getObject(2, UUID.class), state, state, thresholds, null,
                            rs.getInt(14), rs.getInt(15)));
                }
            }
        }
        return states;
    }

    /**
     * Most runs change nothing but the check time (a healthy monitor stays up, its counts capped): those
     * rows get one set-based statement, and the rows whose confirmation state moved get another.
     */
    private void updateStates(Connection c, Map<UUID, Locked> states) throws SQLException {
        List<UUID> unchanged = new ArrayList<>();
        List<Timestamp> checked = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<Timestamp> at = new ArrayList<>();
        List<Integer> failures = new ArrayList<>();
        List<Integer> successes = new ArrayList<>();
        List<String> episodes = new ArrayList<>();
        List<Timestamp> lastFailures = new ArrayList<>();
        List<Boolean> flapping = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        for (Map.Entry<UUID, Locked> entry : states.entrySet()) {
            Locked locked = entry.getValue();
            if (locked.checkedAt() == null) {
                continue;
            }
            if (locked.state().equals(locked.original())) {
                unchanged.add(entry.getKey());
                checked.add(Timestamp.from(locked.checkedAt()));
                continue;
            }
            Confirmation.State s = locked.state();
            ids.add(entry.getKey());
            statuses.add(s.status().code());
            at.add(Timestamp.from(locked.checkedAt()));
            failures.add(s.failures());
            successes.add(s.successes());
            episodes.add(arrayLiteral(s.episodes()));
            lastFailures.add(s.lastFailureAt() == null ? null : Timestamp.from(s.lastFailureAt()));
            flapping.add(s.flapping());
            causes.add(s.lastCause());
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement(UPDATE_STATES)) {
                update.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                update.setArray(2, c.createArrayOf("text", statuses.toArray()));
                update.setArray(3, c.createArrayOf("timestamptz", at.toArray()));
                update.setArray(4, c.createArrayOf("integer", failures.toArray()));
                update.setArray(5, c.createArrayOf("integer", successes.toArray()));
                update.setArray(6, c.createArrayOf("text", episodes.toArray()));
                update.setArray(7, c.createArrayOf("timestamptz", lastFailures.toArray()));
                update.setArray(8, c.createArrayOf("boolean", flapping.toArray()));
                update.setArray(9, c.createArrayOf("text", causes.toArray()));
                update.executeUpdate();
            }
        }
        if (!unchanged.isEmpty()) {
            try (PreparedStatement touch = c.prepareStatement(TOUCH)) {
                touch.setArray(1, c.createArrayOf("uuid", unchanged.toArray()));
                touch.setArray(2, c.createArrayOf("timestamptz", checked.toArray()));
                touch.executeUpdate();
            }
        }
    }

    /** A PostgreSQL array literal of instants (ISO 8601 in UTC, which timestamptz reads exactly). */
    static String arrayLiteral(List<Instant> instants) {
        StringBuilder literal = new StringBuilder("{");
        for (Instant instant : instants) {
            literal.append(literal.length() > 1 ? "," : "").append('"').append(instant).append('"');
        }
        return literal.append('}').toString();
    }

    /**
     * A re-check is set only where the regular run is later anyway. Retry-After pushes the regular run
     * back, and a re-check still asked for moves to the later of its own time and the end of the wait:
     * a rate limit is confirmed as soon as the provider allows, never sooner.
     */
    private void reschedule(Connection c, Map<UUID, Instant> rechecks, Map<UUID, Instant> notBefore) throws SQLException {
        try (PreparedStatement recheck = c.prepareStatement("""
                update probe_targets set recheck_at = ? where id = ? and next_run_at > ?
                  and (recheck_at is null or recheck_at > ?)""")) {
            for (Map.Entry<UUID, Instant> entry : rechecks.entrySet()) {
                if (notBefore.containsKey(entry.getKey())) {
                    continue;
                }
                Timestamp at = Timestamp.from(entry.getValue());
                recheck.setTimestamp(1, at);
                recheck.setObject(2, entry.getKey());
                recheck.setTimestamp(3, at);
                recheck.setTimestamp(4, at);
                recheck.addBatch();
            }
            recheck.executeBatch();
        }
        // Values on the right of SET are the row as it was: greatest(next_run_at, ?) is the pushed-back regular run.
        try (PreparedStatement wait = c.prepareStatement("""
                update probe_targets set next_run_at = greatest(next_run_at, ?),
                    recheck_at = case when cast(? as timestamptz) < greatest(next_run_at, ?) then cast(? as timestamptz) end
                where id = ?""")) {
            for (Map.Entry<UUID, Instant> entry : notBefore.entrySet()) {
                Timestamp until = Timestamp.from(entry.getValue());
                Instant asked = rechecks.get(entry.getKey());
                Timestamp at = asked == null ? null : Timestamp.from(asked.isAfter(entry.getValue()) ? asked : entry.getValue());
                wait.setTimestamp(1, until);
                wait.setTimestamp(2, at);
                wait.setTimestamp(3, until);
                wait.setTimestamp(4, at);
                wait.setObject(5, entry.getKey());
                wait.addBatch();
            }
            wait.executeBatch();
        }
    }
}
