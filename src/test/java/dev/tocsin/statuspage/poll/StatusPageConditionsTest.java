package dev.tocsin.statuspage.poll;

import static dev.tocsin.statuspage.poll.PollerTestSupport.as;
import static dev.tocsin.statuspage.poll.PollerTestSupport.createStatusPageMonitor;
import static dev.tocsin.statuspage.poll.PollerTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Bad pages, detection, sharing one fetch among many accounts, and tenancy. */
@QuarkusTest
class StatusPageConditionsTest extends PollerTestBase {

    @Inject
    PageDetection detection;

    @Inject
    Monitors monitors;

    @Test
    void badPagesAreThePagesOwnConditionNeverAnOutageAndThePollerCarriesOn() {
        TestTenants.Person owner = tenants.owner("bad-pages");
        Map<String, Reply> bad = new LinkedHashMap<>();
        bad.put("invalid-json", Reply.of(200, "{\"status\": {\"indicator\": "));
        bad.put("html", new Reply(200, "<!DOCTYPE html><html><body>Status</body></html>", Map.of("Content-Type", "text/html"),
                Duration.ZERO));
        bad.put("not-found", Reply.of(404, "{\"error\":\"not found\"}"));
        bad.put("server-error", Reply.of(500, "{\"error\":\"oops\"}"));
        bad.put("huge", Reply.of(200, "{\"pad\":\"" + "x".repeat(20 * 1024 * 1024) + "\"}"));
        bad.put("slow", json("statuspage-v2/major.json").after(Duration.ofSeconds(4)));
        Map<String, UUID> monitorsByCase = new LinkedHashMap<>();
        for (String name : bad.keySet()) {
            stub.reply("/" + name + "/api/v2/summary.json", json("statuspage-v2/operational.json"));
            monitorsByCase.put(name, createStatusPageMonitor(owner.writeKey(),
                    Map.of("type", "statuspage", "name", name, "url", stub.url("/" + name))));
        }
        stub.reply("/good/api/v2/summary.json", json("statuspage-v2/operational.json"));
        createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "name", "good", "url", stub.url("/good")));
        monitorsByCase.values().forEach(monitor -> as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then()
                .body("statusPage.state", equalTo("ok")).body("status", equalTo("up")));

        bad.forEach((name, reply) -> stub.reply("/" + name + "/api/v2/summary.json", reply));
        stub.reply("/good/api/v2/summary.json", json("statuspage-v2/degraded.json"));
        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        long started = System.nanoTime();
        StatusPagePoller.Pass pass = poller.runDue(owner.accountId());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("fetched together, the slow page bounded by the timeout").isLessThan(Duration.ofSeconds(4));
        assertThat(pass.signals()).as("only the good page speaks, and only of its own degradation")
                .extracting(Signal::reason).containsExactly("Chat Completions: degraded performance",
                        "Elevated error rates on Chat Completions");
        Map<String, String> expected = Map.of(
                "invalid-json", "unreadable|not valid JSON",
                "html", "unreadable|HTML",
                "not-found", "unreachable|HTTP 404",
                "server-error", "unreachable|HTTP 500",
                "huge", "unreadable|larger than 2097152 bytes",
                "slow", "unreachable|timed out");
        expected.forEach((name, condition) -> {
            String[] parts = condition.split("\\|");
            as(owner.writeKey()).get("/api/v1/monitors/" + monitorsByCase.get(name)).then().statusCode(200)
                    .body("statusPage.state", equalTo(parts[0]))
                    .body("statusPage.lastError", containsString(parts[1]))
                    .body("statusPage.consecutiveFailures", equalTo(1))
                    .body("statusPage.lastFetchedAt", notNullValue())
                    .body("status", equalTo("up")); // what the page said last: a failed read says nothing new
        });
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].title", equalTo("good reports a problem"));
    }

    @Test
    void aFeedWithNoItemsReadsAsNothingKnownNotAsAnOutage() {
        TestTenants.Person owner = tenants.owner("empty-feed");
        stub.reply("/history.rss", new Reply(200, PollerTestSupport.fixture("rss/empty.xml"),
                Map.of("Content-Type", "application/rss+xml"), Duration.ZERO));
        UUID monitor = UUID.fromString(as(owner.writeKey()).body(Map.of("type", "statuspage", "url", stub.url("/history.rss")))
                .post("/api/v1/monitors").then().statusCode(201).body("statusPage.platform", equalTo("rss"))
                .extract().path("id"));

        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        StatusPagePoller.Pass pass = poller.runDue(owner.accountId());

        assertThat(pass.signals()).isEmpty();
        assertThat(pass.pages().values()).containsExactly(PageState.OK);
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().body("statusPage.state", equalTo("ok"))
                .body("status", equalTo("up"));
    }

    @Test
    void aHundredAccountsWatchingOnePageCauseOneFetchPerInterval() throws Exception {
        String path = "/shared/api/v2/summary.json";
        stub.reply(path, json("statuspage-v2/degraded.json"));
        String url = stub.url("/shared");
        detection.detect(url);
        int detected = stub.hits(path);
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            UUID account = newAccount("watcher " + i);
            monitors.create(account, new MonitorDraft(null, MonitorType.STATUSPAGE, null, url, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null));
            accounts.add(account);
        }

        assertThat(stub.hits(path)).as("every monitor heard the detection's read, none fetched").isEqualTo(detected);
        assertThat(signalCounts(accounts)).as("what is wrong now, for each account").containsOnly(2L).hasSize(100);
        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        // Two claimers at once, as two nodes would: the page is claimed by one of them.
        CompletableFuture<StatusPagePoller.Pass> one = CompletableFuture.supplyAsync(() -> poller.runDue(accounts.get(0)));
        CompletableFuture<StatusPagePoller.Pass> two = CompletableFuture.supplyAsync(() -> poller.runDue(accounts.get(99)));
        assertThat(one.get().pages().size() + two.get().pages().size()).isEqualTo(1);
        assertThat(poller.runDue(accounts.get(50)).pages()).as("nothing more is due within the interval").isEmpty();
        assertThat(stub.hits(path) - detected).isEqualTo(1);
        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        poller.runDue(accounts.get(7));
        assertThat(stub.hits(path) - detected).isEqualTo(2);
    }

    private List<Long> signalCounts(List<UUID> accounts) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select count(*) from signals where account_id = any(?1) group by account_id", Long.class)
                .setParameter(1, accounts.toArray(UUID[]::new)).getResultList());
    }

    @Test
    void anUnsupportedPageIsA422ThatSaysWhatWasTried() {
        TestTenants.Person owner = tenants.owner("unsupported");
        stub.reply("/nothing", new Reply(200, "<html>Welcome</html>", Map.of("Content-Type", "text/html"), Duration.ZERO));
        as(owner.writeKey()).body(Map.of("type", "statuspage", "url", stub.url("/nothing"))).post("/api/v1/monitors")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", allOf(containsString("statuspage-v2 at " + stub.url("/nothing/api/v2/summary.json") + ": HTTP 404"),
                        containsString("instatus at " + stub.url("/nothing/summary.json")),
                        containsString("rss at " + stub.url("/nothing/history.rss"))));
        as(owner.writeKey()).get("/api/v1/monitors").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void anotherAccountCannotSeeAStatusPageMonitor() {
        TestTenants.Cast cast = tenants.create();
        stub.reply("/acme/api/v2/summary.json", json("statuspage-v2/operational.json"));
        UUID monitor = UUID.fromString(as(cast.alice().writeKey())
                .body(Map.of("type", "statuspage", "url", stub.url("/acme"))).post("/api/v1/monitors").then().statusCode(201)
                .body("statusPage.platform", equalTo("statuspage-v2")).body("statusPage.state", equalTo("ok"))
                .extract().path("id"));

        as(cast.charlie().writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(404);
        as(cast.charlie().writeKey()).delete("/api/v1/monitors/" + monitor).then().statusCode(404);
        as(cast.alice().writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200)
                .body("statusPage.url", equalTo(stub.url("/acme")));
    }

    private UUID newAccount(String name) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into accounts (id, name, created_at) values (?1, ?2, ?3)""")
                .setParameter(1, id).setParameter(2, name).setParameter(3, Instant.now().plus(Duration.ofDays(14))).executeUpdate());
        return id;
    }
}
