package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to partitioned results on a database of the old shape: the schema as it was before V20,
 * a few days of results (healthy and failed, with their text) and hourly rollups, then every migration
 * since. Its own PostgreSQL, so the shared test database stays as the application made it.
 */
class ResultsUpgradeTest {

    private static final String MONITOR = "00000000-0000-0000-0000-0000000000b1";
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void upgradeKeepsEveryResultItsTextAndTheRollups() throws SQLException {
        DataSource db = postgres.getPostgresDatabase();
        flyway(db).target(lastBeforeV20(db)).load().migrate();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into accounts (id, name, created_at) values ('00000000-0000-0000-0000-0000000000a1', 'old', now());
                    insert into monitors (id, account_id, name, type, url, method, interval_seconds, timeout_ms, max_latency_ms,
                        tls_expiry_days, failure_threshold, success_threshold, flap_threshold, flap_window_seconds, created_at, updated_at)
                    values ('%1$s', '00000000-0000-0000-0000-0000000000a1', 'old', 'http', 'https://x.example', 'GET', 30, 10000,
                        3000, 14, 3, 2, 3, 600, now(), now());
                    -- four days of a run every 5 minutes; every tenth down, with its text
                    insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, reason,
                        recheck, body_excerpt, rate_limit)
                    select '%1$s', t, t, case when i %% 10 = 0 then 'down' else 'up' end,
                        case when i %% 10 = 0 then 'server_error' end, case when i %% 10 = 0 then 500 else 200 end, 40 + i %% 200,
                        case when i %% 10 = 0 then 'The server failed' end, false, case when i %% 10 = 0 then 'oops' end,
                        case when i %% 10 = 0 then '{"x-ratelimit-remaining": "5"}'::jsonb end
                    from generate_series(1, 1152) i, lateral (select now() - make_interval(mins => i * 5) as t) x;
                    insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, max_ms)
                    select monitor_id, date_trunc('hour', started_at, 'UTC'), count(*), count(*) filter (where outcome = 'down'), 0,
                        percentile_disc(0.5) within group (order by latency_ms),
                        percentile_disc(0.95) within group (order by latency_ms), max(latency_ms)
                    from probe_results where started_at < date_trunc('hour', now()) group by 1, 2;
                    -- an hour long past, whose raw runs are gone
                    insert into probe_rollups (monitor_id, hour, probes, failures, degraded, p50_ms, p95_ms, max_ms)
                    values ('%1$s', date_trunc('hour', now()) - interval '100 days', 120, 2, 0, 80, 200, 900);
                    """.formatted(MONITOR));
        }
        String before = snapshot(db, "select id, due_at, started_at, outcome, cause, http_status, latency_ms, reason, recheck, "
                + "body_excerpt, rate_limit::text from probe_results order by id");
        String rollupsBefore = snapshot(db, "select hour, probes, failures, p50_ms, p95_ms, max_ms from probe_rollups order by hour");

        flyway(db).load().migrate();

        assertThat(snapshot(db, "select id, due_at, started_at, outcome, cause, http_status, latency_ms, reason, recheck, "
                + "body_excerpt, rate_limit::text from probe_results order by id")).isEqualTo(before);
        assertThat(snapshot(db, "select hour, probes, failures, p50_ms, p95_ms, max_ms from probe_rollups order by hour"))
                .isEqualTo(rollupsBefore);
        assertThat(single(db, "select count(*) from probe_results")).isEqualTo("1152");
        assertThat(single(db, "select relkind from pg_class where relname = 'probe_results'")).as("partitioned").isEqualTo("p");
        assertThat(single(db, "select count(*) from probe_results where kept")).isEqualTo("115");
        assertThat(single(db, "select sum(probes) from probe_rollups_5m")).isEqualTo("1152");
        assertThat(single(db, "select count(*) from probe_rollups where hist is null or through is null")).isEqualTo("0");
        assertThat(single(db, "select hist::text from probe_rollups where hour < now() - interval '99 days'"))
                .as("an old hour's runs all in its median's bucket").isEqualTo("{0,0,0,120,0,0,0,0,0,0,0,0,0,0,0,0}");
        // New runs get ids after the old ones, into today's partition.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into probe_results (monitor_id, due_at, started_at, outcome, latency_ms, http_status, recheck, kept) "
                    + "values ('" + MONITOR + "', now(), now(), 'up', 50, 200, false, false)");
        }
        assertThat(Long.parseLong(single(db, "select max(id) from probe_results"))).isGreaterThan(1152);
    }

    /** The schema as it stood before partitioned results: the latest migration numbered below 20. */
    private static String lastBeforeV20(DataSource db) {
        return java.util.Arrays.stream(flyway(db).load().info().all()).map(m -> m.getVersion())
                .filter(v -> v.compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion("20")) < 0)
                .max(java.util.Comparator.naturalOrder()).orElseThrow().getVersion();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource db) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration");
    }

    private static String single(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String snapshot(DataSource db, String sql) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    all.append(rs.getString(i)).append('|');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }
}
