package dev.tocsin.usage;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The customer's calls taken in batches and read back as figures computed by hand here. */
@QuarkusTest
class UsageIntakeTest {

    @Inject
    TestTenants tenants;

    @Inject
    UsageHousekeeping housekeeping;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    static String call(String provider, String model, int status, int latencyMs, Integer ttftMs, long in, long out, boolean fallback, Instant at) {
        return """
                {"provider":"%s","model":"%s","status":%d,"latencyMs":%d,%s"inputTokens":%d,"outputTokens":%d,"fallback":%s%s}"""
                .formatted(provider, model, status, latencyMs, ttftMs == null ? "" : "\"ttftMs\":" + ttftMs + ",", in, out, fallback,
                        at == null ? "" : ",\"at\":\"" + at + "\"");
    }

    static String batch(List<String> calls) {
        return "[" + String.join(",", calls) + "]";
    }

    @Test
    void aBatchIsFoldedIntoFiguresPerProviderAndModel() {
        TestTenants.Person owner = tenants.owner("reporter");
        Instant at = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            calls.add(call("mistral", "mistral-small-latest", 200, 40, 20, 1000, 500, false, at));
        }
        for (int i = 0; i < 6; i++) {
            calls.add(call("mistral", "mistral-small-latest", 429, 900, null, 0, 0, true, at));
        }
        for (int i = 0; i < 4; i++) {
            calls.add(call("mistral", "mistral-small-latest", 503, 900, null, 0, 0, false, at.plusSeconds(30)));
        }
        as(owner.writeKey()).body(batch(calls)).post("/api/v1/events").then().statusCode(202).body("accepted", equalTo(100));
        // A second batch into the same minute adds to it.
        as(owner.writeKey()).body("{\"events\":[" + call("Mistral", "mistral-small-latest", 0, 15000, null, 0, 0, false, at) + "]}")
                .post("/api/v1/events").then().statusCode(202).body("accepted", equalTo(1));

        var totals = as(owner.writeKey()).get("/api/v1/usage?provider=mistral").then().statusCode(200)
                .body("series", hasSize(1))
                .body("series[0].model", equalTo("mistral-small-latest"))
                .body("series[0].totals.calls", equalTo(101))
                .body("series[0].totals.latencyP50Ms", equalTo(50))
                .body("series[0].totals.latencyP95Ms", equalTo(1000))
                .body("series[0].totals.ttftP50Ms", equalTo(25))
                .body("series[0].totals.inputTokens", equalTo(90_000))
                .extract().jsonPath();
        assertThat(totals.getDouble("series[0].totals.rate429")).isCloseTo(6 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(totals.getDouble("series[0].totals.errorRate")).isCloseTo(5 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(totals.getDouble("series[0].totals.fallbackRate")).isCloseTo(6 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
        // 90 × (1000 × $0.1 + 500 × $0.3) per million tokens = $0.0225
        assertThat(totals.getString("series[0].totals.costUsd")).isEqualTo("0.0225");
    }

    @Test
    void aProviderOfTheCustomersOwnIsPricedByTheAccount() {
        TestTenants.Person owner = tenants.owner("ownmodel");
        String one = batch(List.of(call("acme-llm", "acme-1", 200, 300, null, 1000, 500, false, null)));
        as(owner.writeKey()).body(one).post("/api/v1/events").then().statusCode(400)
                .body("errors.field", hasItem("[0].provider"))
                .body("detail", containsString("PUT /api/v1/usage/prices"));
        as(owner.writeKey()).body("{\"provider\":\"acme-llm\",\"model\":\"*\",\"inputPerMillionUsd\":2.5,\"outputPerMillionUsd\":10}")
                .put("/api/v1/usage/prices").then().statusCode(200);
        as(owner.writeKey()).body(one).post("/api/v1/events").then().statusCode(202);
        // 1000 × $2.5 + 500 × $10 per million tokens = $0.0075
        as(owner.writeKey()).get("/api/v1/usage?provider=acme-llm").then().statusCode(200)
                .body("series[0].totals.costUsd", equalTo(0.0075f));
    }

    @Test
    void aBadItemRefusesTheWholeBatchNamingEachAndStoresNothing() {
        TestTenants.Person owner = tenants.owner("sloppy");
        Instant now = MutableClock.INSTANCE.instant();
        String good = call("openai", "gpt-4o-mini", 200, 100, null, 1, 1, false, null);
        String body = "[" + good + ",{\"provider\":\"openai\",\"model\":\"x\",\"status\":\"ok\",\"latencyMs\":-1},"
                + call("openai", "x", 200, 10, null, 0, 0, false, now.plus(Duration.ofHours(2))) + ","
                + call("openai", "x", 200, 10, null, 0, 0, false, now.minus(Duration.ofDays(8))) + ","
                + "{\"provider\":\"openai\",\"model\":\"x\",\"status\":200,\"latencyMs\":5,\"latency\":5}]";
        as(owner.writeKey()).body(body).post("/api/v1/events").then().statusCode(400)
                .body("type", equalTo("https://tocsin.dev/problems/validation"))
                .body("errors.field", org.hamcrest.Matchers.hasItems("[1].status", "[1].latencyMs", "[2].at", "[3].at", "[4].latency"))
                .body("detail", containsString("Nothing of this batch was stored"));
        as(owner.writeKey()).body("[]").post("/api/v1/events").then().statusCode(400);
        as(owner.writeKey()).body("{\"calls\": 3}").post("/api/v1/events").then().statusCode(400);
        as(owner.writeKey()).body("[{\"provider\":").post("/api/v1/events").then().statusCode(400)
                .body("type", equalTo("https://tocsin.dev/problems/malformed-json"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(good);
        }
        as(owner.writeKey()).body(batch(many)).post("/api/v1/events").then().statusCode(400)
                .body("detail", containsString("1 to 1000 calls"));
        StringBuilder huge = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            huge.append(i == 0 ? "" : ",").append(call("openai", "m".repeat(190), 200, 100, null, 1, 1, false, null).replace("}", ",\"pad\":\"" + "x".repeat(900) + "\"}"));
        }
        // Announced with Expect: 100-continue, as large uploads are: the server refuses before the body is sent
        // (a client that sends it anyway may see the connection closed under it instead of the answer).
        int status;
        try {
            status = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://localhost:8081/api/v1/events"))
                            .header("Authorization", "Bearer " + owner.writeKey()).header("Content-Type", "application/json")
                            .expectContinue(true).timeout(Duration.ofSeconds(30))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(huge.append("]").toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("the oversize batch was not answered", e);
        }
        assertThat(status).as("a body over the 1 MB limit").isEqualTo(413);

        as(owner.writeKey()).get("/api/v1/usage").then().statusCode(200).body("series", hasSize(0));
    }

    @Test
    void readKeysCannotReportAndQueriesAreChecked() {
        TestTenants.Cast cast = tenants.create();
        as(cast.readKeyA()).body("[]").post("/api/v1/events").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/read-only-key"));
        as(cast.readKeyA()).get("/api/v1/usage?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        as(cast.readKeyA()).get("/api/v1/usage?step=5s").then().statusCode(400).body("errors[0].field", equalTo("step"));
        as(cast.readKeyA()).get("/api/v1/usage?from=0001-01-01T00:00:00Z").then().statusCode(400);
    }

    @Test
    void minutesPastRetentionLiveOnAsHoursWithTheSameFigures() {
        TestTenants.Person owner = tenants.owner("keeper");
        Instant at = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(60);
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(call("groq", "llama-3.1-8b-instant", i < 3 ? 429 : 200, 40 + i, null, 100, 10, false, at));
        }
        as(owner.writeKey()).body(batch(calls)).post("/api/v1/events").then().statusCode(202);
        String range = "?from=" + at.minus(Duration.ofHours(2)) + "&to=" + at.plus(Duration.ofHours(2)) + "&step=1h";

        MutableClock.INSTANCE.advance(Duration.ofDays(31));
        assertThat(housekeeping.runOnce()).isGreaterThanOrEqualTo(1);
        as(owner.writeKey()).get("/api/v1/usage" + range).then().statusCode(200)
                .body("series[0].totals.calls", equalTo(10))
                .body("series[0].totals.rate429", equalTo(0.3f))
                .body("series[0].totals.latencyP95Ms", equalTo(50));
        assertThat(housekeeping.runOnce()).as("nothing left to fold").isZero();
    }
}
