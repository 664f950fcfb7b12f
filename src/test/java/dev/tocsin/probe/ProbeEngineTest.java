package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static dev.tocsin.probe.ProbeTestSupport.nextPass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.signal.Signal;
import dev.tocsin.testing.Metrics;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine end to end: real HTTP stub, real PostgreSQL, the clock moved instead of waiting. */
@QuarkusTest
class ProbeEngineTest extends ProbeTestBase {

    private static List<String> signals(ProbeEngine.Pass pass) {
        return pass.signals().stream().map(s -> s.severity().code() + ":" + s.cause()).toList();
    }

    @Test
    void aHealthyEndpointIsConfirmedUpAndItsResultsAndUptimeAreServed() {
        TestTenants.Person owner = tenants.owner("healthy");
        stub.reply("/health", Reply.of(200, "{\"ok\":true}"));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/health")));

        ProbeEngine.Pass pass = nextPass(engine, owner.accountId());

        assertThat(pass.runs()).singleElement().satisfies(run -> {
            assertThat(run.verdict().outcome()).isEqualTo(Outcome.UP);
            assertThat(run.httpStatus()).isEqualTo(200);
            assertThat(run.dnsMs()).as("an address literal needs no DNS").isEqualTo(-1);
            assertThat(run.connectMs()).isGreaterThanOrEqualTo(0);
            assertThat(run.tlsMs()).as("plain http has no TLS").isEqualTo(-1);
            assertThat(run.latencyMs()).isGreaterThanOrEqualTo(run.firstByteMs());
        });
        assertThat(pass.signals()).as("the first good run confirms silently").isEmpty();
        assertThat(stub.hits("/health")).isEqualTo(1);
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().statusCode(200)
                .body("status", equalTo("up")).body("lastCheckedAt", org.hamcrest.Matchers.notNullValue());
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].outcome", equalTo("up")).body("items[0].httpStatus", equalTo(200))
                .body("items[0].recheck", equalTo(false));
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/uptime?window=24h").then().statusCode(200)
                .body("probes", equalTo(1)).body("uptimePercent", equalTo(100.0f)).body("source", equalTo("raw"));
    }

    @Test
    void anOutageIsConfirmedByQuickRechecksThenRecoveryIsConfirmedToo() {
        TestTenants.Person owner = tenants.owner("outage");
        stub.reply("/v1/chat", Reply.of(503, "{\"object\":\"error\",\"message\":\"Service overloaded\",\"type\":\"service_unavailable\",\"code\":\"1000\"}"));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/v1/chat")));

        List<String> seen = new ArrayList<>();
        List<Boolean> rechecks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProbeEngine.Pass pass = nextPass(engine, owner.accountId());
            seen.addAll(signals(pass));
            rechecks.add(pass.runs().get(0).recheck());
            assertThat(pass.runs().get(0).verdict().cause().code()).isEqualTo("overloaded");
        }
        assertThat(seen).containsExactly("down:overloaded");
        assertThat(rechecks).as("the 2nd and 3rd run are quick re-checks").containsExactly(false, true, true);
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("down"));

        stub.reply("/v1/chat", Reply.of(200, "{}"));
        seen.clear();
        for (int i = 0; i < 2; i++) {
            seen.addAll(signals(nextPass(engine, owner.accountId())));
        }
        assertThat(seen).containsExactly("ok:overloaded");
        assertThat(stub.hits("/v1/chat")).isEqualTo(5);
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("up"));
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/uptime").then()
                .body("probes", equalTo(5)).body("failures", equalTo(3)).body("uptimePercent", equalTo(40.0f));
    }

    @Test
    void aBlipShorterThanTheThresholdNeverSignals() {
        TestTenants.Person owner = tenants.owner("blip");
        stub.reply("/blip", Reply.of(502, "bad gateway"));
        createMonitor(owner.writeKey(), Map.of("url", stub.url("/blip")));
        List<String> seen = new ArrayList<>(signals(nextPass(engine, owner.accountId())));
        stub.reply("/blip", Reply.of(200, "{}"));
        for (int i = 0; i < 3; i++) {
            seen.addAll(signals(nextPass(engine, owner.accountId())));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void rateLimitingIsItsOwnCauseAndRetryAfterDelaysTheNextProbe() {
        TestTenants.Person owner = tenants.owner("limited");
        stub.reply("/v1/models", Reply.of(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                .with("Retry-After", "300").with("x-ratelimit-remaining-requests", "0"));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/v1/models")));

        ProbeEngine.Pass first = nextPass(engine, owner.accountId());
        assertThat(first.runs()).singleElement().satisfies(run -> {
            assertThat(run.verdict().outcome()).as("429 is never down").isEqualTo(Outcome.DEGRADED);
            assertThat(run.verdict().causeCode()).isEqualTo("rate_limited");
            assertThat(run.retryAfter()).contains(Duration.ofSeconds(300));
            assertThat(run.rateLimit()).containsEntry("x-ratelimit-remaining-requests", "0");
        });
        // Neither the quick re-check nor the regular 60 s run happens before the 300 s asked for.
        MutableClock.INSTANCE.advance(Duration.ofSeconds(290));
        assertThat(engine.runDue(owner.accountId()).targets()).isZero();
        MutableClock.INSTANCE.advance(Duration.ofSeconds(11));
        assertThat(engine.runDue(owner.accountId()).targets()).isEqualTo(1);
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then()
                .body("items[0].rateLimit", org.hamcrest.Matchers.containsString("x-ratelimit-remaining-requests"));
    }

    /**
     * Runs what is due after {@code seconds} more, and checks that nothing was due one second before: the
     * re-check comes exactly then, not sooner.
     */
    private ProbeEngine.Pass dueAfter(UUID account, int seconds) {
        MutableClock.INSTANCE.advance(Duration.ofSeconds(seconds - 1));
        assertThat(engine.runDue(account).targets()).as("nothing due before %d s", seconds).isZero();
        MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        return engine.runDue(account);
    }

    @Test
    void aRateLimitIsConfirmedByRechecksAsSoonAsRetryAfterAllowsNeverSooner() {
        TestTenants.Person owner = tenants.owner("limited-recheck");
        stub.reply("/v1/limited", Reply.of(429, "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}")
                .with("Retry-After", "20"));
        createMonitor(owner.writeKey(), Map.of("url", stub.url("/v1/limited")));

        List<String> seen = new ArrayList<>(signals(nextPass(engine, owner.accountId())));
        List<Boolean> rechecks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // The quick re-check would come after 10 s; the server asked for 20 s, so 20 s it is.
            ProbeEngine.Pass pass = dueAfter(owner.accountId(), 20);
            assertThat(pass.runs()).singleElement().satisfies(run -> assertThat(run.verdict().causeCode()).isEqualTo("rate_limited"));
            rechecks.add(pass.runs().get(0).recheck());
            seen.addAll(signals(pass));
        }

        assertThat(rechecks).as("both follow-ups are quick re-checks, not regular runs").containsExactly(true, true);
        assertThat(seen).as("confirmed on the third run, 40 s after the first").containsExactly("degraded:rate_limited");
        assertThat(stub.hits("/v1/limited")).isEqualTo(3);
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].cause", equalTo("rate_limited")).body("items[0].severity", equalTo("degraded"));
    }

    @Test
    void aRetryAfterShorterThanTheRecheckIntervalDoesNotHurryTheRecheck() {
        TestTenants.Person owner = tenants.owner("limited-short");
        stub.reply("/v1/short", Reply.of(429, "{}").with("Retry-After", "2"));
        createMonitor(owner.writeKey(), Map.of("url", stub.url("/v1/short")));

        nextPass(engine, owner.accountId());
        ProbeEngine.Pass recheck = dueAfter(owner.accountId(), 10);

        assertThat(recheck.runs()).singleElement().satisfies(run -> assertThat(run.recheck()).isTrue());
    }

    @Test
    void monitorsOfSeveralAccountsOnOnePublicUrlShareOneFetch() {
        List<TestTenants.Person> owners = List.of(tenants.owner("share1"), tenants.owner("share2"), tenants.owner("share3"));
        stub.reply("/status", Reply.of(200, "all good"));
        List<UUID> monitors = owners.stream().map(o -> createMonitor(o.writeKey(), Map.of("url", stub.url("/status"),
                "bodyContains", "good"))).toList();
        // The same URL with a credential is the subscriber's own request: it is never shared.
        TestTenants.Person keyed = tenants.owner("keyed");
        createMonitor(keyed.writeKey(), Map.of("url", stub.url("/status"), "credential", "secret-token"));

        ProbeEngine.Pass pass = nextPass(engine, owners.get(1).accountId());

        assertThat(pass.targets()).isEqualTo(1);
        assertThat(pass.runs()).extracting(ProbeRun::monitorId).containsExactlyInAnyOrderElementsOf(monitors);
        assertThat(stub.hits("/status")).isEqualTo(1);
        ProbeEngine.Pass own = nextPass(engine, keyed.accountId());
        assertThat(own.runs()).singleElement().extracting(ProbeRun::accountId).isEqualTo(keyed.accountId());
        assertThat(stub.received().get(1).headers().getFirst("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(stub.received().get(0).headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void pausedMonitorsAreNotProbedAndResumeStartsAfresh() {
        TestTenants.Person owner = tenants.owner("paused");
        stub.reply("/p", Reply.of(200, "{}"));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/p")));
        as(owner.writeKey()).post("/api/v1/monitors/" + id + "/pause").then().statusCode(200);
        MutableClock.INSTANCE.advance(Duration.ofMinutes(5));
        assertThat(engine.runDue(owner.accountId()).targets()).isZero();
        as(owner.writeKey()).post("/api/v1/monitors/" + id + "/resume").then().statusCode(200);
        assertThat(nextPass(engine, owner.accountId()).runs()).hasSize(1);
    }

    @Test
    void signalsAreStoredWithTheDecodedReason() {
        TestTenants.Person owner = tenants.owner("signals");
        stub.reply("/x", Reply.of(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
        createMonitor(owner.writeKey(), Map.of("url", stub.url("/x"), "failureThreshold", 1));
        List<Signal> raised = nextPass(engine, owner.accountId()).signals();
        assertThat(raised).singleElement().satisfies(signal -> {
            assertThat(signal.source()).isEqualTo(Signal.Source.PROBE);
            assertThat(signal.cause()).isEqualTo("server_error");
            assertThat(signal.reason()).contains("500");
        });
    }

    @Test
    void metricsCountProbesByOutcomeAndCauseAndTimeLatencyAndSchedulingLag() {
        TestTenants.Person owner = tenants.owner("metrics");
        stub.reply("/busy", Reply.of(503, "{\"message\":\"Service overloaded\"}"));
        createMonitor(owner.writeKey(), Map.of("url", stub.url("/busy")));
        String overloaded = "tocsin_probes_total\\{cause=\"overloaded\",outcome=\"down\"}";
        double before = Metrics.value(overloaded);
        double lagBefore = Metrics.value("tocsin_probe_scheduling_lag_seconds_count");
        double latencyBefore = Metrics.value("tocsin_probe_latency_seconds_count");
        double claimsBefore = Metrics.value("tocsin_probe_claim_batch_count");

        assertThat(nextPass(engine, owner.accountId()).runs()).hasSize(1);

        assertThat(Metrics.value(overloaded)).isEqualTo(before + 1);
        assertThat(Metrics.value("tocsin_probe_scheduling_lag_seconds_count")).isEqualTo(lagBefore + 1);
        assertThat(Metrics.value("tocsin_probe_latency_seconds_count")).isEqualTo(latencyBefore + 1);
        assertThat(Metrics.value("tocsin_probe_claim_batch_count")).isGreaterThan(claimsBefore);
        assertThat(Metrics.value("tocsin_probes_in_flight")).as("nothing left in flight").isZero();
    }

    @Test
    void aFailedRunKeepsTheStartOfItsBodyWithTheCredentialBlankedAndAGoodRunKeepsNothing() {
        TestTenants.Person owner = tenants.owner("excerpt");
        stub.reply("/keyed", Reply.of(401, "{\"error\": {\"message\": \"Incorrect API key provided: sk-live-0123456789abcdef\"}}"));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/keyed"), "credential", "sk-live-0123456789abcdef"));
        nextPass(engine, owner.accountId());
        stub.reply("/keyed", Reply.of(200, "{\"ok\": true}"));
        MutableClock.INSTANCE.advance(java.time.Duration.ofSeconds(31));
        engine.runDue(owner.accountId());

        var results = as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then().statusCode(200).extract();
        assertThat(results.<String>path("items.find { it.outcome == 'down' }.excerpt"))
                .isEqualTo("{\"error\": {\"message\": \"Incorrect API key provided: [redacted]\"}}");
        assertThat(results.<Object>path("items.find { it.outcome == 'up' }.excerpt")).isNull();
        assertThat(results.asString()).doesNotContain("0123456789abcdef");
    }
}
