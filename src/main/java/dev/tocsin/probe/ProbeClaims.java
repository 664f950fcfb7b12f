package dev.tocsin.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Regions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims due targets for this node. One short transaction selects due rows with
 * {@code FOR UPDATE SKIP LOCKED} and advances their schedule, so concurrent claimers on any number of
 * nodes each get different rows and a run is claimed once. A node that dies after claiming loses that
 * run only; the target is due again at its next slot.
 */
@ApplicationScoped
public class ProbeClaims {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    // A re-check leaves the regular slot alone. A regular run moves to the target's next slot (the
    // instants phase * interval past a multiple of the interval): the first one at least nine tenths of
    // an interval after this slot, and not before now, so a node back from a long pause runs each
    // target once instead of replaying every missed slot. On schedule that is exactly one interval
    // later; a run off its phase (the quick first run, one after a Retry-After) is drawn back onto it
    // with a gap of 0.9 to 1.9 intervals, never sooner, so the re-checks of a first failure still
    // come before the next regular run.
    private static final String CLAIM = """
            with due as (
                select id, least(next_run_at, recheck_at) as due_at,
                       coalesce(recheck_at < next_run_at, next_run_at is null) as is_recheck
                from probe_targets
                where least(next_run_at, recheck_at) <= ?
                  and (region is null or region = ?)
                  and (?::uuid is null or exists (select 1 from monitors m where m.target_id = probe_targets.id and m.account_id = ?::uuid)
                       or exists (select 1 from monitor_regions r join monitors m on m.id = r.monitor_id
                                  where r.target_id = probe_targets.id and m.account_id = ?::uuid))
                order by least(next_run_at, recheck_at)
                limit ?
                for update skip locked)
            update probe_targets t set
                recheck_at = null,
                next_run_at = case when due.is_recheck then t.next_run_at
                    else to_timestamp(t.interval_seconds * (t.phase + ceil(
                        greatest(extract(epoch from ?::timestamptz), extract(epoch from t.next_run_at) + t.interval_seconds * 0.9)
                            / t.interval_seconds - t.phase))) end
            from due where t.id = due.id
            returning t.id, due.due_at, due.is_recheck, t.region""";

    // A run handed back is due again at the time it was claimed for: a regular run puts its slot back
    // (the claim had moved it on), a re-check its re-check. Nobody else can have claimed it meanwhile:
    // the claim moved it out of reach until its next slot.
    private static final String HAND_BACK = """
            update probe_targets t set
                next_run_at = case when h.recheck then t.next_run_at else least(t.next_run_at, h.due_at) end,
                recheck_at = case when h.recheck then least(coalesce(t.recheck_at, h.due_at), h.due_at) else t.recheck_at end
            from unnest(?::uuid[], ?::timestamptz[], ?::boolean[]) as h(id, due_at, recheck)
            where t.id = h.id""";

    // A regioned monitor is served by one target per region, found through monitor_regions; the others by target_id.
    private static final String MONITORS = """
            select id, account_id, target_id, type, provider, url, method, headers::text, credential, timeout_ms,
                   expect_status, max_latency_ms, body_contains, tls_expiry_days, models, sealed_headers, interval_seconds
            from monitors where target_id = any(?) and not paused and type <> 'statuspage'
            union all
            select m.id, m.account_id, r.target_id, m.type, m.provider, m.url, m.method, m.headers::text, m.credential, m.timeout_ms,
                   m.expect_status, m.max_latency_ms, m.body_contains, m.tls_expiry_days, m.models, m.sealed_headers, m.interval_seconds
            from monitor_regions r join monitors m on m.id = r.monitor_id
            where r.target_id = any(?) and not m.paused and m.type <> 'statuspage'""";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Regions regions;

    ProbeClaims(DataSource dataSource, ObjectMapper json, Regions regions) {
        this.dataSource = dataSource;
        this.json = json;
        this.regions = regions;
    }

    /**
     * Claims up to {@code limit} targets due by {@code horizon}.
     *
     * @param onlyAccount when not null, only targets serving that account (a manual run, and tests that
     *                    share a database)
     */
    public List<ClaimedTarget> claim(Instant now, Instant horizon, int limit, UUID onlyAccount) {
        return claim(now, horizon, limit, onlyAccount, regions.local());
    }

    /** The same for a node of {@code region}: its region's targets, and those of monitors without regions. */
    public List<ClaimedTarget> claim(Instant now, Instant horizon, int limit, UUID onlyAccount, String region) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ClaimedTarget> claimed = claim(c, now, horizon, limit, onlyAccount, region);
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim due probes: " + e.getMessage(), e);
        }
    }

    /**
     * Gives back runs this node claimed and will not start (it is stopping), so that other nodes run them
     * at their due time instead of a whole interval later.
     */
    public void handBack(List<ClaimedTarget> targets) {
        if (targets.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(HAND_BACK)) {
            update.setArray(1, c.createArrayOf("uuid", targets.stream().map(ClaimedTarget::targetId).toArray()));
            update.setArray(2, c.createArrayOf("timestamptz", targets.stream().map(t -> Timestamp.from(t.dueAt())).toArray()));
            update.setArray(3, c.createArrayOf("boolean", targets.stream().map(ClaimedTarget::recheck).toArray()));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand back claimed probes: " + e.getMessage(), e);
        }
    }

    private List<ClaimedTarget> claim(Connection c, Instant now, Instant horizon, int limit, UUID onlyAccount, String region)
            throws SQLException {
        Map<UUID, ClaimedTarget> byId = new LinkedHashMap<>();
        try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            claim.setTimestamp(1, Timestamp.from(horizon));
            claim.setString(2, region);
            claim.setObject(3, onlyAccount);
            claim.setObject(4, onlyAccount);
            claim.setObject(5, onlyAccount);
            claim.setInt(6, limit);
            claim.setTimestamp(7, Timestamp.from(now));
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    byId.put(id, new ClaimedTarget(id, rs.getTimestamp(2).toInstant(), rs.getBoolean(3), new ArrayList<>(),
                            rs.getString(4)));
                }
            }
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement monitors = c.prepareStatement(MONITORS)) {
            Array ids = c.createArrayOf("uuid", byId.keySet().toArray());
            monitors.setArray(1, ids);
            monitors.setArray(2, ids);
            try (ResultSet rs = monitors.executeQuery()) {
                while (rs.next()) {
                    byId.get(rs.getObject(3, UUID.class)).monitors().add(spec(rs));
                }
            }
        }
        return byId.values().stream()
                .filter(t -> !t.monitors().isEmpty())
                .map(t -> new ClaimedTarget(t.targetId(), t.dueAt(), t.recheck(), List.copyOf(t.monitors()), t.region()))
                .toList();
    }

    private ProbeSpec spec(ResultSet rs) throws SQLException {
        return new ProbeSpec(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                MonitorType.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), rs.getString(5), URI.create(rs.getString(6)),
                rs.getString(7), headers(rs.getString(8)), rs.getBytes(9), rs.getInt(10), integers(rs.getArray(11)),
                rs.getInt(12), rs.getString(13), rs.getInt(14), strings(rs.getArray(15)), rs.getBytes(16), rs.getInt(17));
    }

    private Map<String, String> headers(String text) {
        if ("{}".equals(text)) {
            return Map.of(); // most monitors: no parser for nothing
        }
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("monitor headers are not a JSON object", e);
        }
    }

    private static List<Integer> integers(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Integer[]) array.getArray()).toList();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((String[]) array.getArray()).toList();
    }
}
