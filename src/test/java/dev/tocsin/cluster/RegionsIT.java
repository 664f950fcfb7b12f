package dev.tocsin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.AppProcess;
import dev.tocsin.testing.StubServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three packaged nodes in three regions, each sending from its own loopback address (127.0.0.2, .3 and .4,
 * {@code tocsin.outbound.local-address}), against a stub that fails the requests of one address, then of
 * two: one region failing is a note and no alert; two of three (the quorum) open one incident per monitor
 * that names them; all answering again resolves it.
 */
class RegionsIT {

    private static final List<String> REGIONS = List.of("eu", "us", "ap");
    private static final int MONITORS = 3;

    private final StubServer stub = StubServer.start();
    private final List<AppProcess> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedPostgres database;

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(AppProcess::close);
        stub.close();
        if (database != null) {
            database.close();
        }
    }

    private static String address(String region) {
        return "127.0.0." + (2 + REGIONS.indexOf(region));
    }

    @Test
    void oneRegionFailingIsANoteTwoOpenOneIncidentNamingThemAndAllAnsweringResolvesIt() throws Exception {
        database = EmbeddedPostgres.builder().start();
        String jdbcUrl = "jdbc:postgresql://localhost:" + database.getPort() + "/postgres";
        stub.reply("/hook", StubServer.Reply.of(200, ""));
        for (int i = 0; i < MONITORS; i++) {
            stub.reply("/r/" + i, StubServer.Reply.of(200, "{\"ok\":true}"));
        }
        for (String region : REGIONS) {
            Map<String, String> env = ClusterScenario.nodeEnv(jdbcUrl, "tocsin-" + region);
            env.put("TOCSIN_REGION", region);
            env.put("TOCSIN_REGIONS", String.join(",", REGIONS));
            env.put("TOCSIN_OUTBOUND_LOCAL_ADDRESS", address(region));
            env.put("TOCSIN_PROBES_RECHECK_INTERVAL", "2s");
            nodes.add(AppProcess.start(env));
        }
        for (AppProcess node : nodes) {
            assertThat(node.awaitReady(ClusterScenario.START)).as("a node started: %s", node.output()).isTrue();
        }
        try (Connection c = database.getPostgresDatabase().getConnection()) {
            ClusterScenario.seedAccount(c);
        }
        post("/api/v1/channels", "{\"type\":\"webhook\",\"name\":\"regions\",\"target\":\"" + stub.url("/hook") + "\"}");
        for (int i = 0; i < MONITORS; i++) {
            post("/api/v1/monitors", "{\"name\":\"r" + i + "\",\"url\":\"" + stub.url("/r/" + i)
                    + "\",\"intervalSeconds\":30,\"regions\":[\"eu\",\"us\",\"ap\"],\"quorum\":2}");
        }
        assertThat(ClusterScenario.waitFor(Duration.ofSeconds(60), () -> count("select count(*) from monitors where status = 'up'") == MONITORS))
                .as("every monitor seen up").isTrue();
        for (String region : REGIONS) {
            assertThat(stub.received().stream().filter(r -> r.uri().startsWith("/r/") && r.from().equals(address(region))))
                    .as("probes from %s's address", region).isNotEmpty();
        }

        // us fails: confirmed by us alone, a note; no incident, no alert.
        for (int i = 0; i < MONITORS; i++) {
            stub.replyFrom(address("us"), "/r/" + i, StubServer.Reply.of(503, "{\"error\":\"overloaded\"}"));
        }
        assertThat(ClusterScenario.waitFor(Duration.ofSeconds(75),
                () -> count("select count(*) from monitor_regions where region = 'us' and status = 'down'") == MONITORS))
                .as("us confirms its own view").isTrue();
        Thread.sleep(5000);
        assertThat(count("select count(*) from incidents")).as("one region failing alerts nobody").isZero();
        assertThat(count("select count(*) from signals where source = 'region' and severity = 'down'")).isEqualTo(MONITORS);
        assertThat(count("select count(*) from monitors where status = 'up'")).isEqualTo(MONITORS);

        // ap fails too: two of three, the quorum.
        for (int i = 0; i < MONITORS; i++) {
            stub.replyFrom(address("ap"), "/r/" + i, StubServer.Reply.of(503, "{\"error\":\"overloaded\"}"));
        }
        assertThat(ClusterScenario.waitFor(Duration.ofSeconds(75), () -> count("select count(*) from incidents") == MONITORS
                && count("select count(*) from outbox where event_type = 'incident.opened' and status = 'delivered'") == MONITORS))
                .as("one incident per monitor, alerted").isTrue();
        assertThat(count("select count(*) from incidents where reason like 'From ap and us (2 of 3 regions, quorum 2): %'"))
                .as("each names the regions that see it").isEqualTo(MONITORS);
        assertThat(count("select count(*) from monitors where status = 'down'")).isEqualTo(MONITORS);

        // Everyone answers again.
        for (int i = 0; i < MONITORS; i++) {
            stub.replyFrom(address("us"), "/r/" + i, null);
            stub.replyFrom(address("ap"), "/r/" + i, null);
        }
        assertThat(ClusterScenario.waitFor(Duration.ofSeconds(75),
                () -> count("select count(*) from incidents where state = 'resolved'") == MONITORS)).as("resolved").isTrue();
        assertThat(count("select count(*) from incidents")).as("still one incident per monitor").isEqualTo(MONITORS);
        assertThat(ClusterScenario.waitFor(Duration.ofSeconds(30),
                () -> count("select count(*) from outbox where status <> 'delivered'") == 0)).isTrue();
        assertThat(count("select count(*) from outbox where event_type = 'incident.opened'")).as("one alert each").isEqualTo(MONITORS);
    }

    private void post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nodes.get(0).baseUrl() + path))
                .header("Authorization", "Bearer " + ClusterScenario.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
    }

    private long count(String sql) {
        try (Connection c = database.getPostgresDatabase().getConnection(); PreparedStatement statement = c.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
