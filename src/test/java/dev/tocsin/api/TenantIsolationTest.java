package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Charlie (owner of account B, with a write key) walks every {@code /api/v1} endpoint that takes an
 * id, using account A's ids: each must answer 404, exactly as for an id that does not exist, and
 * change nothing. Every feature adds its endpoints to {@link #ENDPOINTS}.
 */
@QuarkusTest
class TenantIsolationTest {

    /** One endpoint that names an object of account A. */
    record Endpoint(String method, Function<TestTenants.Cast, String> path, String body) {
        @Override
        public String toString() {
            return method + " " + path.apply(SAMPLE);
        }
    }

    private static final java.util.UUID ZERO = java.util.UUID.fromString("00000000-0000-0000-0000-000000000000");
    private static final TestTenants.Cast SAMPLE = new TestTenants.Cast(null, null, null, null, ZERO, ZERO);

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("DELETE", cast -> "/api/v1/api-keys/" + cast.keyIdA(), null),
            new Endpoint("GET", cast -> "/api/v1/monitors/" + cast.monitorA(), null),
            new Endpoint("PATCH", cast -> "/api/v1/monitors/" + cast.monitorA(), "{\"name\":\"stolen\"}"),
            new Endpoint("POST", cast -> "/api/v1/monitors/" + cast.monitorA() + "/pause", null),
            new Endpoint("POST", cast -> "/api/v1/monitors/" + cast.monitorA() + "/resume", null),
            new Endpoint("GET", cast -> "/api/v1/monitors/" + cast.monitorA() + "/results", null),
            new Endpoint("GET", cast -> "/api/v1/monitors/" + cast.monitorA() + "/uptime?window=7d", null),
            new Endpoint("DELETE", cast -> "/api/v1/monitors/" + cast.monitorA(), null),
            new Endpoint("GET", cast -> "/api/v1/rules/" + ruleOf(cast), null),
            new Endpoint("PATCH", cast -> "/api/v1/rules/" + ruleOf(cast), "{\"minCalls\": 1}"),
            new Endpoint("DELETE", cast -> "/api/v1/rules/" + ruleOf(cast), null));

    /** The default usage rule every account starts with (a zero id for the sample). */
    private static java.util.UUID ruleOf(TestTenants.Cast cast) {
        if (cast.alice() == null) {
            return ZERO;
        }
        java.util.UUID account = cast.accountA();
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                dev.tocsin.usage.UsageRule.<dev.tocsin.usage.UsageRule>find("accountId", account).firstResult().id);
    }

    @Inject
    TestTenants tenants;

    @Test
    void charlieGetsNotFoundOnEveryObjectOfAccountA() {
        TestTenants.Cast cast = tenants.create();
        for (Endpoint endpoint : ENDPOINTS) {
            var request = given().header("Authorization", "Bearer " + cast.charlie().writeKey()).contentType("application/json");
            if (endpoint.body() != null) {
                request.body(endpoint.body());
            }
            Response answer = request.request(endpoint.method(), endpoint.path().apply(cast));
            assertThat(answer.statusCode()).as(endpoint.toString()).isEqualTo(404);
            assertThat(answer.contentType()).as(endpoint.toString()).startsWith("application/problem+json");
        }
        // Nothing of A changed: alice's key still works and her monitor is untouched.
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).get("/api/v1/account").then().statusCode(200);
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).get("/api/v1/monitors/" + cast.monitorA())
                .then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("A's monitor")).body("paused", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void listsOnlyEverShowTheCallersAccount() {
        TestTenants.Cast cast = tenants.create();
        for (String list : List.of("/api/v1/api-keys", "/api/v1/audit-events", "/api/v1/monitors")) {
            List<Map<String, Object>> items = given().header("Authorization", "Bearer " + cast.charlie().writeKey()).get(list)
                    .then().statusCode(200).extract().path("items");
            assertThat(items.toString()).as(list).doesNotContain(cast.keyIdA().toString()).doesNotContain(cast.alice().userId().toString())
                    .doesNotContain(cast.monitorA().toString());
        }
        given().header("Authorization", "Bearer " + cast.charlie().writeKey()).get("/api/v1/account")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(cast.accountB().toString()));
        // The subscription is the caller's own: A's monitor paused by A's billing never shows to charlie.
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                io.quarkus.arc.Arc.container().instance(dev.tocsin.monitor.Monitors.class).get().enforce(cast.accountA(), false, 0));
        String subscription = given().header("Authorization", "Bearer " + cast.charlie().writeKey()).get("/api/v1/subscription")
                .then().statusCode(200).body("usage.monitors", org.hamcrest.Matchers.equalTo(0)).extract().asString();
        assertThat(subscription).doesNotContain(cast.monitorA().toString());
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).get("/api/v1/subscription")
                .then().statusCode(200).body("pausedMonitors[0].id", org.hamcrest.Matchers.equalTo(cast.monitorA().toString()));
    }

    @Inject
    dev.tocsin.incident.IncidentService incidentService;

    /** Incidents and maintenance windows of A, walked by charlie: 404 each, and nothing of A changes. */
    @Test
    void charlieGetsNotFoundOnAsIncidentsWindowsChannelsAndDeliveries() {
        TestTenants.Cast cast = tenants.create();
        var signal = new dev.tocsin.signal.Signal(java.util.UUID.randomUUID(), cast.accountA(), cast.monitorA(),
                dev.tocsin.signal.Signal.Source.PROBE, dev.tocsin.signal.Severity.DOWN, "server_error", "500", null,
                java.time.Instant.now());
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> incidentService.apply(List.of(signal)));
        String aliceKey = cast.alice().writeKey();
        String incident = given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/incidents")
                .then().extract().path("items[0].id");
        String window = given().header("Authorization", "Bearer " + aliceKey).contentType("application/json")
                .body(Map.of("startsAt", "2030-01-01T00:00:00Z", "endsAt", "2030-01-01T02:00:00Z"))
                .post("/api/v1/maintenance-windows").then().statusCode(201).extract().path("id");
        String channel = given().header("Authorization", "Bearer " + aliceKey).contentType("application/json")
                .body(Map.of("type", "webhook", "target", "https://hooks.example.com/a")).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
        String delivery = given().header("Authorization", "Bearer " + aliceKey).post("/api/v1/channels/" + channel + "/test")
                .then().statusCode(202).extract().path("deliveryId");
        String route = given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/routes")
                .then().statusCode(200).extract().path("items.find { it.channelId == '" + channel + "' }.id");
        for (String[] endpoint : List.of(
                new String[] {"GET", "/api/v1/routes/" + route},
                new String[] {"PATCH", "/api/v1/routes/" + route, "{\"minSeverity\":\"down\"}"},
                new String[] {"DELETE", "/api/v1/routes/" + route},
                new String[] {"GET", "/api/v1/channels/" + channel},
                new String[] {"PATCH", "/api/v1/channels/" + channel},
                new String[] {"POST", "/api/v1/channels/" + channel + "/test"},
                new String[] {"DELETE", "/api/v1/channels/" + channel},
                new String[] {"GET", "/api/v1/deliveries/" + delivery},
                new String[] {"POST", "/api/v1/deliveries/" + delivery + "/retry"},
                new String[] {"GET", "/api/v1/incidents/" + incident},
                new String[] {"POST", "/api/v1/incidents/" + incident + "/acknowledge"},
                new String[] {"POST", "/api/v1/incidents/" + incident + "/resolve"},
                new String[] {"DELETE", "/api/v1/maintenance-windows/" + window})) {
            Response answer = given().header("Authorization", "Bearer " + cast.charlie().writeKey())
                    .contentType("application/json").body(endpoint.length > 2 ? endpoint[2] : "{\"name\":\"stolen\"}")
                    .request(endpoint[0], endpoint[1]);
            assertThat(answer.statusCode()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        given().header("Authorization", "Bearer " + cast.charlie().writeKey()).contentType("application/json")
                .body(Map.of("monitorId", cast.monitorA().toString(), "startsAt", "2030-01-01T00:00:00Z", "endsAt", "2030-01-01T02:00:00Z"))
                .post("/api/v1/maintenance-windows").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("monitorId"));
        given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/incidents/" + incident)
                .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("open"));
        given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/maintenance-windows")
                .then().body("items", org.hamcrest.Matchers.hasSize(1));
        given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/channels/" + channel)
                .then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Webhook hooks.example.com"));
        given().header("Authorization", "Bearer " + aliceKey).get("/api/v1/routes/" + route).then().statusCode(200)
                .body("minSeverity", org.hamcrest.Matchers.equalTo("degraded"));
        for (String list : List.of("/api/v1/incidents", "/api/v1/maintenance-windows", "/api/v1/channels", "/api/v1/deliveries",
                "/api/v1/routes")) {
            String items = given().header("Authorization", "Bearer " + cast.charlie().writeKey()).get(list)
                    .then().statusCode(200).extract().path("items").toString();
            assertThat(items).as(list).doesNotContain(incident).doesNotContain(window)
                    .doesNotContain(channel).doesNotContain(delivery).doesNotContain(route);
        }
    }
}
