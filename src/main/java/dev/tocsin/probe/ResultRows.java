package dev.tocsin.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The raw result rows of a batch of runs, in the recorder's transaction. */
final class ResultRows {

    private static final String INSERT_RESULT = """
            insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, dns_ms,
                connect_ms, tls_ms, first_byte_ms, reason, remedy, rate_limit, tls_expires_at, recheck, body_excerpt, kept, region)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""";
    private ResultRows() {
    }

    /**
     * A healthy run (up, not a re-check, changing nothing) keeps only what charts and uptime read: time,
     * latency, status and outcome. It goes to the short-lived partitions; the others keep their text and
     * stay for the whole raw retention.
     */
    static void insert(Connection c, List<ProbeRun> runs, Set<ProbeRun> changed, ObjectMapper json) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_RESULT)) {
            for (ProbeRun run : runs) {
                Verdict v = run.verdict();
                boolean kept = v.outcome() != Outcome.UP || run.recheck() || changed.contains(run);
                insert.setObject(1, run.monitorId());
                insert.setTimestamp(2, Timestamp.from(run.dueAt()));
                insert.setTimestamp(3, Timestamp.from(run.startedAt()));
                insert.setString(4, v.outcome().code());
                insert.setString(5, kept ? v.causeCode() : null);
                insert.setObject(6, run.httpStatus(), Types.INTEGER);
                insert.setInt(7, run.latencyMs());
                setTiming(insert, 8, kept ? run.dnsMs() : -1);
                setTiming(insert, 9, kept ? run.connectMs() : -1);
                setTiming(insert, 10, kept ? run.tlsMs() : -1);
                setTiming(insert, 11, kept ? run.firstByteMs() : -1);
                insert.setString(12, kept ? v.reason() : null);
                insert.setString(13, kept ? v.remedy() : null);
                insert.setString(14, !kept || run.rateLimit().isEmpty() ? null : toJson(json, run.rateLimit()));
                insert.setTimestamp(15, kept ? run.tlsExpiresAt().map(Timestamp::from).orElse(null) : null);
                insert.setBoolean(16, run.recheck());
                insert.setString(17, kept ? run.excerpt() : null);
                insert.setBoolean(18, kept);
                insert.setString(19, run.region());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setTiming(PreparedStatement statement, int index, int ms) throws SQLException {
        statement.setObject(index, ms < 0 ? null : ms, Types.INTEGER);
    }

    private static String toJson(ObjectMapper json, Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
