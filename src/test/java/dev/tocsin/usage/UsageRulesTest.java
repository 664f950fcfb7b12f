package dev.tocsin.usage;

import static dev.tocsin.testing.Api.as;
import static dev.tocsin.usage.UsageIntakeTest.batch;
import static dev.tocsin.usage.UsageIntakeTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.OutboxRows;
import dev.tocsin.testing.ProbeRuns;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules over the customer's own calls, evaluated by the job and folded by the incident service like any signal. */
@QuarkusTest
class UsageRulesTest {

    @Inject
    TestTenants tenants;

    @Inject
    UsageEvaluator evaluator;

    @Inject
    ProbeEngine engine;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.thaw();
        MutableClock.INSTANCE.reset();
    }

    private static void report(TestTenants.Person owner, String provider, String model, int calls, int failing, int failStatus) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            items.add(call(provider, model, i < failing ? failStatus : 200, 300, null, 10, 10, false, null));
        }
        as(owner.writeKey()).body(batch(items)).post("/api/v1/events").then().statusCode(202);
    }

    @Test
    void anAccountClaimedLateInOneTickIsDueAgainAtTheNext() {
        TestTenants.Person owner = tenants.owner("ticking");
        report(owner, "mistral", "mistral-small-latest", 100, 6, 429);
        MutableClock.INSTANCE.freeze();
        Instant first = MutableClock.INSTANCE.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        MutableClock.INSTANCE.advance(Duration.between(MutableClock.INSTANCE.instant(), first.plusMillis(1)));
        first = first.plusMillis(1);
        evaluator.runOnce(null);
        assertThat(evaluatedAt(owner)).isEqualTo(first);
        // The scheduler fires every 10 s; this claim came 0.3 s into its tick, the next comes 0.1 s into its own.
        MutableClock.INSTANCE.advance(Duration.ofMillis(9_800));
        evaluator.runOnce(null);
        assertThat(evaluatedAt(owner)).as("evaluated at the next tick, not the one after").isEqualTo(first.plusMillis(9_800));
        MutableClock.INSTANCE.advance(Duration.ofSeconds(5));
        evaluator.runOnce(null);
        assertThat(evaluatedAt(owner)).as("not twice in one period").isEqualTo(first.plusMillis(9_800));
    }

    private Instant evaluatedAt(TestTenants.Person owner) {
        Object at = em.createNativeQuery("select evaluated_at from usage_accounts where account_id = ?1")
                .setParameter(1, owner.accountId()).getSingleResult();
        return at instanceof java.time.OffsetDateTime odt ? odt.toInstant() : at instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) at;
    }

    @Test
    void theGuidesRuleFiresAtSixRateLimitedCallsInAHundredNotAtFourNorBelowAHundredCalls() {
        TestTenants.Person four = tenants.owner("four");
        report(four, "mistral", "mistral-small-latest", 100, 4, 429);
        assertThat(evaluator.runOnce(four.accountId())).isZero();

        TestTenants.Person few = tenants.owner("few");
        report(few, "mistral", "mistral-small-latest", 99, 20, 429);
        assertThat(evaluator.runOnce(few.accountId())).isZero();

        TestTenants.Person six = tenants.owner("six");
        report(six, "mistral", "mistral-small-latest", 100, 6, 429);
        assertThat(evaluator.runOnce(six.accountId())).isEqualTo(1);
        assertThat(evaluator.runOnce(six.accountId())).as("a breach is raised once").isZero();
        as(six.writeKey()).get("/api/v1/incidents").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].title", equalTo("Mistral AI API rate limited"))
                .body("items[0].cause", equalTo("rate_limited"))
                .body("items[0].reason", containsString("429 rate 6 % over 100 calls in the last 5 min (mistral) (threshold 5 %)"));
        as(six.writeKey()).get("/api/v1/rules").then().body("items[0].breaches[0].provider", equalTo("mistral"));
        assertThat(OutboxRows.eventTypes(em, six.accountId())).containsExactly("incident.opened");
    }

    @Test
    void percentileAndSpendRulesAgreeWithFiguresComputedByHand() {
        TestTenants.Person owner = tenants.owner("slowspend");
        as(owner.writeKey()).body(Map.of("name", "slow first token", "kind", "latency", "provider", "openai", "metric", "ttftMs",
                "percentile", 95, "thresholdMs", 2000, "windowSeconds", 300, "minCalls", 10)).post("/api/v1/rules").then().statusCode(201);
        as(owner.writeKey()).body(Map.of("name", "budget", "kind", "spend", "period", "day", "thresholdUsd", 0.01))
                .post("/api/v1/rules").then().statusCode(201);
        // p95 of 20 calls is the 19th: with one slow call it is in the 750 ms bucket; with two, in the 3,000 ms one.
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            calls.add(call("openai", "gpt-4o-mini", 200, 900, 500, 0, 0, false, null));
        }
        calls.add(call("openai", "gpt-4o-mini", 200, 3000, 2500, 0, 0, false, null));
        as(owner.writeKey()).body(batch(calls)).post("/api/v1/events").then().statusCode(202);
        assertThat(evaluator.runOnce(owner.accountId())).isZero();

        as(owner.writeKey()).body(batch(List.of(call("openai", "gpt-4o-mini", 200, 3000, 2500, 0, 0, false, null))))
                .post("/api/v1/events").then().statusCode(202);
        assertThat(evaluator.runOnce(owner.accountId())).isEqualTo(1);
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items[0].reason",
                containsString("Time to first token p95 3,000 ms over 21 calls in the last 5 min (openai) (threshold 2,000 ms)"));

        // 100,000 input tokens at $0.1 and 10,000 output tokens at $0.3 per million: $0.013, over $0.01.
        as(owner.writeKey()).body(batch(List.of(call("mistral", "mistral-small-latest", 200, 100, null, 100_000, 10_000, false, null))))
                .post("/api/v1/events").then().statusCode(202);
        assertThat(evaluator.runOnce(owner.accountId())).isEqualTo(1);
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items.reason",
                hasItem(containsString("Spend today $0.013 over 1 calls (mistral, threshold $0.01)")));
    }

    @Test
    void aBreachOnMistralFoldsIntoTheOpenMistralProbeIncidentAndClearsWhenTheRuleHoldsAgain() {
        TestTenants.Person owner = tenants.owner("folding");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/v1/models", StubServer.Reply.of(503, "{\"object\":\"error\",\"message\":\"Service unavailable\"}"));
            as(owner.writeKey()).body(Map.of("provider", "mistral", "credential", "sk-fold", "url", stub.url("/v1/models"),
                    "models", List.of(), "failureThreshold", 1)).post("/api/v1/monitors").then().statusCode(201);
            as(owner.writeKey()).body(Map.of("name", "5xx", "kind", "status-rate", "statusClass", "5xx", "threshold", 0.05,
                    "windowSeconds", 300, "minCalls", 50)).post("/api/v1/rules").then().statusCode(201);
            ProbeRuns.run(engine, owner.accountId(), 1);
            as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1));

            report(owner, "mistral", "mistral-small-latest", 100, 10, 503);
            assertThat(evaluator.runOnce(owner.accountId())).isEqualTo(1);
            as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1))
                    .body("items[0].title", equalTo("Mistral AI API failing"))
                    .body("items[0].signalCount", equalTo(2));
            assertThat(OutboxRows.eventTypes(em, owner.accountId())).as("one incident, one alert").containsExactly("incident.opened");

            // Traffic heals, the probe too; after a full window the rule holds again and the incident resolves.
            stub.reply("/v1/models", StubServer.Reply.of(200, "{\"object\":\"list\",\"data\":[]}"));
            MutableClock.INSTANCE.advance(Duration.ofMinutes(6));
            report(owner, "mistral", "mistral-small-latest", 100, 0, 503);
            assertThat(evaluator.runOnce(owner.accountId())).isEqualTo(1);
            ProbeRuns.run(engine, owner.accountId(), 2);
            as(owner.writeKey()).get("/api/v1/incidents").then().body("items[0].state", equalTo("resolved"));
        }
    }

    @Test
    void rulesAreCheckedAndBelongToTheirAccount() {
        TestTenants.Cast cast = tenants.create();
        as(cast.alice().writeKey()).get("/api/v1/rules").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].kind", equalTo("status-rate")).body("items[0].minCalls", equalTo(100))
                .body("items[0].threshold", equalTo(0.05f));
        as(cast.alice().writeKey()).body(Map.of("name", "x", "kind", "p99")).post("/api/v1/rules").then().statusCode(400)
                .body("errors.field", hasItem("kind"));
        as(cast.alice().writeKey()).body(Map.of("name", "x", "kind", "status-rate", "statusClass", "5xx", "threshold", 5, "windowSecond", 60))
                .post("/api/v1/rules").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("threshold", "windowSecond"));
        String id = as(cast.alice().writeKey()).body(Map.of("name", "fallbacks", "kind", "fallback-rate", "threshold", 0.1))
                .post("/api/v1/rules").then().statusCode(201).extract().path("id");
        as(cast.alice().writeKey()).body(Map.of("threshold", 0.2, "minCalls", 20)).patch("/api/v1/rules/" + id).then().statusCode(200)
                .body("threshold", equalTo(0.2f)).body("minCalls", equalTo(20)).body("name", equalTo("fallbacks"));

        as(cast.charlie().writeKey()).get("/api/v1/rules/" + id).then().statusCode(404);
        as(cast.charlie().writeKey()).body(Map.of("threshold", 0.3)).patch("/api/v1/rules/" + id).then().statusCode(404);
        as(cast.charlie().writeKey()).delete("/api/v1/rules/" + id).then().statusCode(404);
        as(cast.readKeyA()).delete("/api/v1/rules/" + id).then().statusCode(403);
        as(cast.alice().writeKey()).delete("/api/v1/rules/" + id).then().statusCode(204);
        as(cast.alice().writeKey()).get("/api/v1/rules/" + id).then().statusCode(404);
    }
}
