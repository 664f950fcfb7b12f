package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each assertion and cause class of product.md §2, against a real local server. */
@QuarkusTest
class ProbeCausesTest {

    @Inject
    ProbeEngine engine;

    @Inject
    TestTenants tenants;

    /** Runs every monitor of the account once (the first runs fall within 30 s) and returns verdicts by monitor. */
    private Map<UUID, ProbeRun> runAll(UUID account, int monitors) {
        Map<UUID, ProbeRun> runs = new HashMap<>();
        for (int step = 0; step < 20 && runs.size() < monitors; step++) {
            engine.runDue(account).runs().forEach(run -> runs.putIfAbsent(run.monitorId(), run));
            MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        }
        assertThat(runs).hasSize(monitors);
        return runs;
    }

    @Test
    void everyCauseClassIsNamed() throws Exception {
        TestTenants.Person owner = tenants.owner("causes");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StubServer stub = StubServer.start()) {
            stub.reply("/ok", Reply.of(200, "{\"status\":\"fine\"}"))
                    .reply("/204", Reply.of(200, "{}"))
                    .reply("/401", Reply.of(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"))
                    .reply("/404", Reply.of(404, "{\"error\":\"not found\"}"))
                    .reply("/400", Reply.of(400, "{\"error\":\"bad request\"}"))
                    .reply("/500", Reply.of(500, "oops"))
                    .reply("/503", Reply.of(503, "busy"))
                    .reply("/slow", Reply.of(200, "{}").after(Duration.ofMillis(1200)))
                    .reply("/hang", Reply.of(200, "{}").after(Duration.ofSeconds(3)));
            Map<String, UUID> ids = new HashMap<>();
            ids.put("assertion: body", createMonitor(owner.writeKey(), Map.of("url", stub.url("/ok"), "bodyContains", "\"status\":\"ok\"")));
            ids.put("assertion: status", createMonitor(owner.writeKey(), Map.of("url", stub.url("/204"), "expectStatus", List.of(204))));
            ids.put("auth", createMonitor(owner.writeKey(), Map.of("url", stub.url("/401"))));
            ids.put("not_found", createMonitor(owner.writeKey(), Map.of("url", stub.url("/404"))));
            ids.put("bad_request", createMonitor(owner.writeKey(), Map.of("url", stub.url("/400"))));
            ids.put("server_error", createMonitor(owner.writeKey(), Map.of("url", stub.url("/500"))));
            ids.put("overloaded", createMonitor(owner.writeKey(), Map.of("url", stub.url("/503"))));
            ids.put("slow", createMonitor(owner.writeKey(), Map.of("url", stub.url("/slow"), "maxLatencyMs", 1000)));
            ids.put("timeout", createMonitor(owner.writeKey(), Map.of("url", stub.url("/hang"), "timeoutMs", 1000)));
            ids.put("connect", createMonitor(owner.writeKey(), Map.of("url", "http://127.0.0.1:" + closedPort + "/")));

            Map<UUID, ProbeRun> runs = runAll(owner.accountId(), ids.size());

            Map<String, String> found = new HashMap<>();
            ids.forEach((name, id) -> found.put(name, runs.get(id).verdict().outcome().code() + " " + runs.get(id).verdict().causeCode()));
            assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "assertion: body", "down assertion",
                    "assertion: status", "down assertion",
                    "auth", "down auth",
                    "not_found", "down not_found",
                    "bad_request", "down bad_request",
                    "server_error", "down server_error",
                    "overloaded", "down overloaded",
                    "slow", "degraded slow",
                    "timeout", "down timeout",
                    "connect", "down connect"));
            assertThat(runs.get(ids.get("auth")).verdict().reason()).contains("Incorrect API key provided");
            assertThat(runs.get(ids.get("timeout")).httpStatus()).isNull();
            assertThat(runs.get(ids.get("slow")).verdict().reason()).contains("more than 1000 ms");
        }
    }

    @Test
    void modelWatchFlagsAModelTheProviderNoLongerListsAndSendsTheKeyAsTheProviderWantsIt() {
        TestTenants.Person owner = tenants.owner("models");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/v1/models", Reply.of(200, "{\"object\":\"list\",\"data\":[{\"id\":\"mistral-small-latest\"},{\"id\":\"codestral-latest\"}]}")
                    .with("x-ratelimitbysize-remaining-minute", "49000"));
            UUID id = createMonitor(owner.writeKey(), Map.of("provider", "mistral", "credential", "sk-mistral-test",
                    "url", stub.url("/v1/models"), "models", List.of("mistral-small-latest", "mistral-tiny-2312")));

            ProbeRun run = runAll(owner.accountId(), 1).get(id);

            assertThat(run.verdict().outcome()).isEqualTo(Outcome.DEGRADED);
            assertThat(run.verdict().causeCode()).isEqualTo("not_found");
            assertThat(run.verdict().reason()).isEqualTo("mistral-tiny-2312 is no longer listed by Mistral AI");
            assertThat(run.rateLimit()).containsEntry("x-ratelimitbysize-remaining-minute", "49000");
            assertThat(stub.received()).singleElement().satisfies(request ->
                    assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer sk-mistral-test"));

            // Listed again (the customer moved on): the next run is up.
            as(owner.writeKey()).body(Map.of("models", List.of("mistral-small-latest"))).patch("/api/v1/monitors/" + id)
                    .then().statusCode(200);
            MutableClock.INSTANCE.advance(Duration.ofSeconds(60));
            assertThat(engine.runDue(owner.accountId()).runs()).singleElement()
                    .satisfies(next -> assertThat(next.verdict().outcome()).isEqualTo(Outcome.UP));
        }
    }
}
