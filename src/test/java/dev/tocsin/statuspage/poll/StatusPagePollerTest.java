package dev.tocsin.statuspage.poll;

import static dev.tocsin.statuspage.poll.PollerTestSupport.as;
import static dev.tocsin.statuspage.poll.PollerTestSupport.createStatusPageMonitor;
import static dev.tocsin.statuspage.poll.PollerTestSupport.json;
import static dev.tocsin.statuspage.poll.PollerTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.tocsin.signal.Signal;
import dev.tocsin.testing.Metrics;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The poller end to end: fixture bodies on a real local HTTP server, real PostgreSQL, the clock moved. */
@QuarkusTest
class StatusPagePollerTest extends PollerTestBase {

    private static final String SUMMARY = "/acme/api/v2/summary.json";

    private StatusPagePoller.Pass nextInterval(UUID account) {
        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        return poller.runDue(account);
    }

    @Test
    void walkingOperationalToResolvedRaisesTheVendorsWordsAndOneIncidentOpensThenResolves() {
        TestTenants.Person owner = tenants.owner("walk");
        stub.reply(SUMMARY, json("statuspage-v2/operational.json"));
        UUID monitor = createStatusPageMonitor(owner.writeKey(),
                Map.of("type", "statuspage", "name", "Acme status", "url", stub.url("/acme/")));
        assertThat(statusOf(owner, monitor)).as("the detection's fetch is the first read").isEqualTo("up");

        assertThat(poller.runDue(owner.accountId()).signals()).as("all operational on the first read").isEmpty();
        stub.reply(SUMMARY, json("statuspage-v2/degraded.json"));
        assertThat(render(nextInterval(owner.accountId()).signals())).containsExactly(
                "degraded: Chat Completions: degraded performance",
                "degraded: Elevated error rates on Chat Completions");
        assertThat(statusOf(owner, monitor)).isEqualTo("degraded");
        String incident = as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].title", equalTo("Acme status reports a problem"))
                .body("items[0].vendorIncident", equalTo("Elevated error rates on Chat Completions"))
                .body("items[0].vendorPage", equalTo("127.0.0.1"))
                .extract().path("items[0].id");

        stub.reply(SUMMARY, json("statuspage-v2/major.json"));
        assertThat(render(nextInterval(owner.accountId()).signals())).containsExactly(
                "down: Chat Completions: major outage",
                "down: Elevated error rates on Chat Completions");
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().statusCode(200)
                .body("state", equalTo("open")).body("severity", equalTo("down"))
                .body("title", equalTo("Acme status reports a problem"));
        assertThat(statusOf(owner, monitor)).isEqualTo("down");

        stub.reply(SUMMARY, json("statuspage-v2/resolved.json"));
        assertThat(render(nextInterval(owner.accountId()).signals())).containsExactly(
                "ok: Chat Completions: operational",
                "ok: Resolved: Elevated error rates on Chat Completions");
        as(owner.writeKey()).get("/api/v1/incidents").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(incident)).body("items[0].state", equalTo("resolved"));
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200)
                .body("statusPage.state", equalTo("ok")).body("statusPage.platform", equalTo("statuspage-v2"))
                .body("status", equalTo("up")).body("lastCheckedAt", notNullValue());
    }

    private static String statusOf(TestTenants.Person owner, UUID monitor) {
        return as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200).extract().path("status");
    }

    @Test
    void aNewMonitorOfAPageInTroubleShowsItAndItsIncidentWithoutWaitingForAPoll() {
        TestTenants.Person owner = tenants.owner("first-read");
        stub.reply(SUMMARY, json("statuspage-v2/major.json"));
        String status = as(owner.writeKey()).body(Map.of("type", "statuspage", "name", "Acme status", "url", stub.url("/acme")))
                .post("/api/v1/monitors").then().statusCode(201).extract().path("status");

        assertThat(status).as("in the creation's answer").isEqualTo("down");
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].severity", equalTo("down"));
        assertThat(poller.runDue(owner.accountId()).pages()).as("read at creation: the next poll is an interval on").isEmpty();
        assertThat(stub.hits(SUMMARY)).isEqualTo(1);
    }

    @Test
    void theMetricsCountAStatusPageMonitorByThePagesStatus() {
        TestTenants.Person owner = tenants.owner("metrics");
        stub.reply(SUMMARY, json("statuspage-v2/degraded.json"));
        double degraded = Metrics.value("tocsin_monitors\\{status=\"degraded\"}");
        double pending = Metrics.value("tocsin_monitors\\{status=\"pending\"}");

        createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme")));

        assertThat(Metrics.value("tocsin_monitors\\{status=\"degraded\"}")).isEqualTo(degraded + 1);
        assertThat(Metrics.value("tocsin_monitors\\{status=\"pending\"}")).isEqualTo(pending);
    }

    @Test
    void aPausedThenResumedMonitorReadsThePageAgainAtOnce() {
        TestTenants.Person owner = tenants.owner("resume");
        stub.reply(SUMMARY, json("statuspage-v2/operational.json"));
        UUID monitor = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme")));
        as(owner.writeKey()).post("/api/v1/monitors/" + monitor + "/pause").then().statusCode(200).body("status", equalTo("paused"));

        as(owner.writeKey()).post("/api/v1/monitors/" + monitor + "/resume").then().statusCode(200).body("status", equalTo("up"));
    }

    @Test
    void theComponentFilterDecidesWhatAMonitorHears() {
        TestTenants.Person owner = tenants.owner("filter");
        stub.reply(SUMMARY, json("statuspage-v2/operational.json"));
        UUID embeddings = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme"),
                "components", List.of("Embeddings")));
        UUID chat = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme"),
                "components", List.of("chat completions")));
        poller.runDue(owner.accountId());

        stub.reply(SUMMARY, json("statuspage-v2/degraded.json"));
        List<Signal> signals = nextInterval(owner.accountId()).signals();

        assertThat(signals).extracting(Signal::monitorId).containsOnly(chat).doesNotContain(embeddings);
        assertThat(render(signals)).containsExactly(
                "degraded: Chat Completions: degraded performance", "degraded: Elevated error rates on Chat Completions");
    }

    @Test
    void theSecondPollAsksConditionallyAndA304ChangesNothing() {
        TestTenants.Person owner = tenants.owner("etag");
        stub.reply(SUMMARY, json("statuspage-v2/degraded.json").with("ETag", "\"v1\"")
                .with("Last-Modified", "Tue, 04 Mar 2025 10:05:00 GMT"));
        UUID monitor = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme")));
        assertThat(statusOf(owner, monitor)).as("the first read, at creation, reports what is wrong now").isEqualTo("degraded");

        stub.reply(SUMMARY, new Reply(304, "", Map.of("ETag", "\"v1\""), Duration.ZERO));
        StatusPagePoller.Pass pass = nextInterval(owner.accountId());

        assertThat(pass.signals()).isEmpty();
        assertThat(pass.pages().values()).containsExactly(PageState.OK);
        StubServer.Received last = stub.received().get(stub.received().size() - 1);
        assertThat(last.uri()).isEqualTo(SUMMARY);
        assertThat(last.headers().getFirst("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(last.headers().getFirst("If-Modified-Since")).isEqualTo("Tue, 04 Mar 2025 10:05:00 GMT");
        stub.reply(SUMMARY, json("statuspage-v2/resolved.json"));
        assertThat(statusOf(owner, monitor)).as("a 304 keeps the status").isEqualTo("degraded");
        assertThat(render(nextInterval(owner.accountId()).signals())).as("the 304 kept the degraded snapshot").containsExactly(
                "ok: Chat Completions: operational", "ok: Resolved: Elevated error rates on Chat Completions");
        assertThat(statusOf(owner, monitor)).isEqualTo("up");
    }

    @Test
    void aScheduledMaintenanceCoversEveryMonitorOfThePageOnceEvenWhenReadAgain() {
        TestTenants.Person owner = tenants.owner("maintenance");
        stub.reply(SUMMARY, Reply.of(200, PollerTestSupport.fixture("statuspage-v2/maintenance.json")
                .replace("2025-03-10", "2099-03-10")));
        UUID first = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme")));
        poller.runDue(owner.accountId());
        nextInterval(owner.accountId());
        UUID second = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/acme")));
        nextInterval(owner.accountId());
        nextInterval(owner.accountId());

        List<Object[]> windows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select external_id, monitor_id, reason, source from maintenance_windows where account_id = ?1
                order by created_at""", Object[].class).setParameter(1, owner.accountId()).getResultList());
        assertThat(windows).extracting(w -> w[1]).as("one window per monitor of the page").containsExactly(first, second);
        assertThat(windows).allSatisfy(w -> {
            assertThat((String) w[0]).contains(":mnt1:");
            assertThat(w[2]).isEqualTo("Vendor maintenance: Embeddings database upgrade");
            assertThat(w[3]).isEqualTo("statuspage");
        });
    }

    @Test
    void aFeedEntryRunningAMaintenanceIsAWindowNeverAnIncident() {
        TestTenants.Person owner = tenants.owner("feed-maintenance");
        stub.reply("/feed/history.atom", Reply.of(200, PollerTestSupport.fixture("atom/maintenance.xml"))
                .with("Content-Type", "application/atom+xml"));
        UUID monitor = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "url", stub.url("/feed/history.atom")));
        poller.runDue(owner.accountId());
        nextInterval(owner.accountId());

        as(owner.writeKey()).get("/api/v1/incidents").then().statusCode(200).body("items", hasSize(0));
        List<Object[]> windows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select monitor_id, reason from maintenance_windows where account_id = ?1""", Object[].class)
                .setParameter(1, owner.accountId()).getResultList());
        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w[0]).isEqualTo(monitor);
            assertThat(w[1]).isEqualTo("Vendor maintenance: Chat Completions Scheduled Maintenance");
        });
    }

    @Test
    void aProviderMonitorWatchesItsCatalogPage() {
        TestTenants.Person owner = tenants.owner("provider-page");
        UUID monitor = createStatusPageMonitor(owner.writeKey(), Map.of("provider", "mistral", "credential", "sk-test",
                "url", stub.url("/v1/models")));
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200)
                .body("statusPage.url", equalTo("https://status.mistral.ai")).body("statusPage.platform", equalTo("rootly"))
                .body("statusPage.fetchUrl", equalTo("https://status.mistral.ai/api/v1/status.json"));
    }
}
