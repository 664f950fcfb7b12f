package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.tocsin.testing.ApiPages;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MonitorResourceTest {

    @Inject
    TestTenants tenants;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static String createHttp(String key, String name) {
        return as(key).body(Map.of("name", name, "url", "https://example.com/" + name)).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void providerAndCredentialAloneMakeAProviderMonitor() {
        TestTenants.Cast cast = tenants.create();
        Response created = as(cast.alice().writeKey()).body(Map.of("provider", "mistral", "credential", "sk-mistral-test"))
                .post("/api/v1/monitors");
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/monitors/"))
                .body("type", equalTo("provider"))
                .body("provider", equalTo("mistral"))
                .body("name", equalTo("Mistral AI API"))
                .body("url", equalTo("https://api.mistral.ai/v1/models"))
                .body("models", hasItem("mistral-small-latest"))
                .body("intervalSeconds", equalTo(60))
                .body("status", equalTo("pending"))
                .body("hasCredential", equalTo(true))
                .body("$", not(org.hamcrest.Matchers.hasKey("credential")));
    }

    @Test
    void crudRoundTrip() {
        TestTenants.Cast cast = tenants.create();
        String key = cast.alice().writeKey();
        Map<String, Object> body = Map.of("name", "Checkout API", "type", "http", "url", "https://shop.example.com/health",
                "method", "HEAD", "headers", Map.of("X-Probe", "tocsin"), "intervalSeconds", 120, "timeoutMs", 5000,
                "expectStatus", List.of(200, 204), "tags", List.of("shop", "prod"));
        String id = as(key).body(body).post("/api/v1/monitors").then().statusCode(201).extract().path("id");
        as(key).get("/api/v1/monitors/" + id).then().statusCode(200)
                .body("name", equalTo("Checkout API"))
                .body("method", equalTo("HEAD"))
                .body("headers.X-Probe", equalTo("…")) // header values are write-only, shown masked
                .body("expectStatus", hasItems(200, 204))
                .body("tags", hasItems("shop", "prod"))
                .body("hasCredential", equalTo(false));
        as(key).body(Map.of("intervalSeconds", 300, "name", "Checkout")).patch("/api/v1/monitors/" + id)
                .then().statusCode(200)
                .body("intervalSeconds", equalTo(300))
                .body("name", equalTo("Checkout"))
                .body("method", equalTo("HEAD"));
        as(key).post("/api/v1/monitors/" + id + "/pause").then().statusCode(200).body("paused", equalTo(true)).body("status", equalTo("paused"));
        as(key).post("/api/v1/monitors/" + id + "/resume").then().statusCode(200).body("paused", equalTo(false)).body("status", equalTo("pending"));
        as(key).delete("/api/v1/monitors/" + id).then().statusCode(204);
        as(key).get("/api/v1/monitors/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void everyInvalidFieldIsNamedAndNothingIsWritten() {
        TestTenants.Cast cast = tenants.create();
        Map<String, Object> bad = Map.of("url", "ftp://example.com", "intervalSeconds", 5, "timeoutMs", 120_000,
                "expectStatus", List.of(700), "failureThreshold", 0, "successThreshold", 0, "method", "BREW");
        as(cast.alice().writeKey()).body(bad).post("/api/v1/monitors")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/validation"))
                .body("errors.field", hasItems("url", "intervalSeconds", "timeoutMs", "expectStatus[0]", "failureThreshold",
                        "successThreshold", "method"));
        as(cast.alice().writeKey()).body(Map.of("url", "https://x.example.com", "type", "sonar")).post("/api/v1/monitors")
                .then().statusCode(400).body("errors[0].message", equalTo("must be one of http, provider, statuspage"));
        as(cast.alice().writeKey()).body(Map.of("url", "https://x.example.com", "intervalSeconds", "often")).post("/api/v1/monitors")
                .then().statusCode(400).body("errors[0].field", equalTo("intervalSeconds"));
        as(cast.alice().writeKey()).body("[]").post("/api/v1/monitors").then().statusCode(400);
        as(cast.alice().writeKey()).body("{\"url\":").post("/api/v1/monitors").then().statusCode(400)
                .body("type", equalTo("https://tocsin.dev/problems/malformed-json"));
        // Only the fixture's own monitor: none of the refused ones was written.
        as(cast.alice().writeKey()).get("/api/v1/monitors").then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void patchValidatesTheMergedResult() {
        TestTenants.Cast cast = tenants.create();
        String id = createHttp(cast.alice().writeKey(), "p");
        as(cast.alice().writeKey()).body(Map.of("timeoutMs", 61_000)).patch("/api/v1/monitors/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("timeoutMs"));
        as(cast.alice().writeKey()).body("42").patch("/api/v1/monitors/" + id).then().statusCode(400);
        as(cast.alice().writeKey()).get("/api/v1/monitors/" + id).then().body("timeoutMs", equalTo(15_000));
    }

    @Test
    void listPagesThroughThreePages() {
        TestTenants.Cast cast = tenants.create();
        for (int i = 0; i < 7; i++) {
            createHttp(cast.alice().writeKey(), "m" + i);
        }
        ApiPages.Walk walk = ApiPages.walk(cast.alice().writeKey(), "/api/v1/monitors", 3);
        assertThat(walk.pages()).isEqualTo(3);
        assertThat(walk.ids()).as("the seven new monitors and the fixture's").hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void idempotencyKeyReplaysTheFirstResultAndRefusesAnotherBody() {
        TestTenants.Cast cast = tenants.create();
        String body = "{\"name\":\"once\",\"url\":\"https://example.com/once\"}";
        Response first = as(cast.alice().writeKey()).header("Idempotency-Key", "create-once").body(body).post("/api/v1/monitors");
        first.then().statusCode(201);
        Response again = as(cast.alice().writeKey()).header("Idempotency-Key", "create-once").body(body).post("/api/v1/monitors");
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        as(cast.alice().writeKey()).get("/api/v1/monitors").then().body("items.name", org.hamcrest.Matchers.hasSize(2));
        as(cast.alice().writeKey()).header("Idempotency-Key", "create-once").body("{\"name\":\"other\",\"url\":\"https://example.com/x\"}")
                .post("/api/v1/monitors").then().statusCode(422)
                .body("type", equalTo("https://tocsin.dev/problems/idempotency-key-reused"));
        // Keys belong to one account: charlie may use the same key for his own request.
        as(cast.charlie().writeKey()).header("Idempotency-Key", "create-once").body(body).post("/api/v1/monitors")
                .then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void planLimitsAreForbiddenWithTheLimitNamed() {
        TestTenants.Cast cast = tenants.create();
        as(cast.alice().writeKey()).body(Map.of("url", "https://example.com", "intervalSeconds", 30)).post("/api/v1/monitors")
                .then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/plan-limit"))
                .body("detail", containsString("every 60 s"));
        for (int i = 1; i < 10; i++) {
            createHttp(cast.alice().writeKey(), "n" + i);
        }
        as(cast.alice().writeKey()).body(Map.of("url", "https://example.com/eleventh")).post("/api/v1/monitors")
                .then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/plan-limit"))
                .body("detail", containsString("allows 10 monitors"));
    }

    @Test
    void concurrentCreationsNeverPassThePlanLimit() throws Exception {
        TestTenants.Cast cast = tenants.create();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "race" + i;
                answers.add(pool.submit(() -> as(cast.alice().writeKey())
                        .body(Map.of("name", name, "url", "https://example.com/" + name)).post("/api/v1/monitors").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).as("9 free slots next to the fixture's monitor").hasSize(9);
            assertThat(statuses).filteredOn(s -> s == 403).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        as(cast.alice().writeKey()).queryParam("limit", 50).get("/api/v1/monitors").then().body("items.size()", equalTo(10));
    }

    @Test
    void readKeysAndViewersCannotChangeMonitors() {
        TestTenants.Cast cast = tenants.create();
        as(cast.readKeyA()).body(Map.of("url", "https://example.com")).post("/api/v1/monitors").then().statusCode(403);
        as(cast.readKeyA()).get("/api/v1/monitors").then().statusCode(200);
    }

    @Test
    void openApiDescribesEveryMonitorField() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/monitors'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/monitors/{id}'.patch", org.hamcrest.Matchers.notNullValue())
                .body("components.schemas.Monitor.properties.keySet()", hasItems("id", "name", "type", "provider", "url", "method",
                        "headers", "hasCredential", "intervalSeconds", "timeoutMs", "expectStatus", "maxLatencyMs", "bodyContains",
                        "tlsExpiryDays", "failureThreshold", "successThreshold", "flapThreshold", "flapWindowSeconds", "components",
                        "models", "tags", "paused", "status", "lastCheckedAt", "createdAt"))
                .body("components.schemas.Monitor.properties.keySet()", not(hasItem("credential")))
                .body("components.schemas.MonitorDraft.properties.keySet()", hasItem("credential"));
    }

    @Test
    void catalogListsTenProvidersWithoutSecrets() {
        TestTenants.Cast cast = tenants.create();
        as(cast.readKeyA()).get("/api/v1/providers").then().statusCode(200)
                .body("items.id", hasItems("mistral", "openai", "anthropic", "gemini", "cohere", "groq", "deepseek", "together",
                        "openrouter", "perplexity"))
                .body("items.find { it.id == 'anthropic' }.statusPage.platform", equalTo("statuspage-v2"));
    }

    @Test
    void bodilessActionsNeedNoContentType() {
        TestTenants.Cast cast = tenants.create();
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).post("/api/v1/monitors/" + cast.monitorA() + "/pause")
                .then().statusCode(200).body("paused", equalTo(true));
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).post("/api/v1/monitors/" + cast.monitorA() + "/resume")
                .then().statusCode(200).body("paused", equalTo(false));
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).delete("/api/v1/monitors/" + cast.monitorA())
                .then().statusCode(204);
    }
}
