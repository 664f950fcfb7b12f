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
            new Endpoint("DELETE", cast -> "/api/v1/monitors/" + cast.monitorA(), null));

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
    }
}
