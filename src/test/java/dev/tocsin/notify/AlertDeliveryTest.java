package dev.tocsin.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.ProbeRuns;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes to inboxes and receivers: real SMTP (GreenMail), real HTTP receivers, real signatures. */
@QuarkusTest
class AlertDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProbeEngine engine;

    @Inject
    OutboxDrainer drainer;

    @Inject
    TestTenants tenants;

    @InjectGreenMail
    GreenMail greenMail;

    private StubServer stub;

    @BeforeEach
    void start() {
        stub = StubServer.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    static RequestSpecification as(String key) {
        return dev.tocsin.testing.Api.as(key);
    }

    /** A webhook channel to the stub's path; returns its id and secret. */
    String[] webhook(String key, String path) {
        var created = as(key).body(Map.of("type", "webhook", "target", stub.url(path))).post("/api/v1/channels")
                .then().statusCode(201).extract();
        return new String[] {created.path("id"), created.path("secret")};
    }

    private void probe(UUID account, int runs) {
        ProbeRuns.run(engine, account, runs);
    }

    private List<String> subjects(String to) {
        return new Mailbox(greenMail).to(to).stream().map(Mailbox::subject).toList();
    }

    @Test
    void anOutageSendsExactlyOneDownAndOneResolvedByEmailAndSignedWebhook() throws Exception {
        TestTenants.Person owner = tenants.owner("e2e");
        String[] hook = webhook(owner.writeKey(), "/hook");
        stub.reply("/hook", Reply.of(204, ""));
        stub.reply("/api", Reply.of(200, "{}"));
        as(owner.writeKey()).body(Map.of("name", "Payments API", "url", stub.url("/api"))).post("/api/v1/monitors").then().statusCode(201);
        probe(owner.accountId(), 1);
        assertThat(drainer.runDue(owner.accountId())).isZero();

        stub.reply("/api", Reply.of(503, "{\"message\":\"Service overloaded\"}"));
        probe(owner.accountId(), 3);
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(2);
        stub.reply("/api", Reply.of(200, "{}"));
        probe(owner.accountId(), 2);
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(2);
        assertThat(drainer.runDue(owner.accountId())).isZero();

        assertThat(subjects(owner.email())).containsExactly(
                "[Tocsin] DOWN Payments API — 503 overloaded", "[Tocsin] RESOLVED Payments API — 503 overloaded");
        MimeMessage down = new Mailbox(greenMail).to(owner.email()).get(0);
        assertThat(Mailbox.text(down)).contains("Why:").contains("Service overloaded").contains("/incidents/").contains("/acknowledge?token=")
                .containsPattern("Last answer: HTTP 503 after \\d+ ms at 20\\d\\d-").contains("{\"message\":\"Service overloaded\"}");
        assertThat(Mailbox.html(down)).contains("Acknowledge").contains("Stop these alerts").contains("Last response")
                .contains("{&quot;message&quot;:&quot;Service overloaded&quot;}");
        assertThat(down.getHeader("List-Unsubscribe")[0]).contains("/channels/").contains("/unsubscribe?token=");
        assertThat(Mailbox.text(new Mailbox(greenMail).to(owner.email()).get(1))).contains("Resolved after");

        List<StubServer.Received> hooks = stub.received("/hook");
        assertThat(hooks).hasSize(2).allMatch(r -> WebhookReceiver.verified(hook[1], r), "signed with the channel's secret");
        JsonNode opened = JSON.readTree(hooks.get(0).body());
        assertThat(opened.path("type").asText()).isEqualTo("incident.opened");
        assertThat(opened.path("data").path("incident").path("cause").asText()).isEqualTo("overloaded");
        assertThat(opened.path("data").path("incident").path("lastResponse").path("httpStatus").asInt()).isEqualTo(503);
        assertThat(opened.path("data").path("incident").path("lastResponse").path("excerpt").asText())
                .isEqualTo("{\"message\":\"Service overloaded\"}");
        assertThat(opened.path("data").path("monitor").path("name").asText()).isEqualTo("Payments API");
        assertThat(opened.path("data").path("account").path("id").asText()).isEqualTo(owner.accountId().toString());
        assertThat(JSON.readTree(hooks.get(1).body()).path("type").asText()).isEqualTo("incident.resolved");
        assertThat(hooks.get(0).headers().getFirst("webhook-id")).isNotEqualTo(hooks.get(1).headers().getFirst("webhook-id"));
    }

    @Test
    void everyEventOfAnIncidentCarriesTheNextSequenceAndALateRetryKeepsItsOwn() throws Exception {
        TestTenants.Person owner = tenants.owner("sequence");
        String[] hook = webhook(owner.writeKey(), "/seq");
        stub.reply("/seq", Reply.of(503, "restarting"));
        stub.reply("/seq-api", Reply.of(500, "{}"));
        as(owner.writeKey()).body(Map.of("name", "Sequence API", "url", stub.url("/seq-api"), "failureThreshold", 1))
                .post("/api/v1/monitors").then().statusCode(201);
        probe(owner.accountId(), 1);
        drainer.runDue(owner.accountId());
        String incident = as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200)
                .extract().path("items[0].id");

        // The receiver is back; the opening waits for its backoff while two later events go out first.
        stub.reply("/seq", Reply.of(204, ""));
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);
        drainer.runDue(owner.accountId());
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        drainer.runDue(owner.accountId());
        MutableClock.INSTANCE.advance(Duration.ofSeconds(40));
        drainer.runDue(owner.accountId());

        List<String> received = new java.util.ArrayList<>();
        for (StubServer.Received r : stub.received("/seq")) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("data").path("incident").path("id").asText()).isEqualTo(incident);
            received.add(body.path("type").asText() + "#" + body.path("data").path("incident").path("sequence").asLong());
        }
        assertThat(received).as("sent in this order; a receiver keeping the highest sequence drops the late opening")
                .containsExactly("incident.opened#1", "incident.acknowledged#2", "incident.resolved#3", "incident.opened#1");
        assertThat(stub.received("/seq").get(3).headers().getFirst("webhook-id"))
                .as("the retry is the same event").isEqualTo(stub.received("/seq").get(0).headers().getFirst("webhook-id"));
        assertThat(stub.received("/seq")).allMatch(r -> WebhookReceiver.verified(hook[1], r));
    }

    @Test
    void theAcknowledgeAndUnsubscribeLinksOfTheMailWork() throws Exception {
        TestTenants.Person owner = tenants.owner("links");
        stub.reply("/x", Reply.of(500, "{}"));
        as(owner.writeKey()).body(Map.of("name", "Links API", "url", stub.url("/x"), "failureThreshold", 1))
                .post("/api/v1/monitors").then().statusCode(201);
        probe(owner.accountId(), 1);
        drainer.runDue(owner.accountId());
        MimeMessage mail = new Mailbox(greenMail).await(owner.email(), "DOWN Links API");

        PageClient browser = new PageClient();
        String ack = Mailbox.link(mail, "/acknowledge?token=");
        String ackPath = ack.substring(ack.indexOf("/incidents/"));
        assertThat(browser.get(ackPath).statusCode()).isEqualTo(200);
        String token = ackPath.substring(ackPath.indexOf("token=") + 6);
        String incident = ackPath.split("/")[2];
        assertThat(browser.post("/incidents/" + incident + "/acknowledge", Map.of("token", token)).body().asString())
                .contains("Acknowledged by email link");
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("acknowledged"));

        String unsubscribe = mail.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
        String path = unsubscribe.substring(unsubscribe.indexOf("/channels/"));
        assertThat(browser.get(path).body().asString()).contains("Stop these alerts");
        // RFC 8058 one-click, as a mail client sends it: no form token, the signed link is the proof.
        var oneClick = given().contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click")
                .post(path).then().extract();
        assertThat(oneClick.statusCode()).isEqualTo(200);
        as(owner.writeKey()).get("/api/v1/channels").then().body("items[0].enabled", equalTo(false));

        drainer.runDue(owner.accountId());
        assertThat(subjects(owner.email())).as("the acknowledgement came before the unsubscribe; nothing after")
                .containsExactly("[Tocsin] DOWN Links API — 500 server error");
    }

    @Test
    void aReceiverDownForAWhileGetsTheSameEventOnceItIsBack() {
        TestTenants.Person owner = tenants.owner("retry");
        String[] hook = webhook(owner.writeKey(), "/flaky");
        stub.reply("/flaky", Reply.of(503, "restarting"));
        String delivery = as(owner.writeKey()).post("/api/v1/channels/" + hook[0] + "/test").then().statusCode(202)
                .extract().path("deliveryId");
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(drainer.runDue(owner.accountId())).as("not before the backoff").isZero();
        MutableClock.INSTANCE.advance(Duration.ofSeconds(40));
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        stub.reply("/flaky", Reply.of(200, "ok"));
        MutableClock.INSTANCE.advance(Duration.ofMinutes(3));
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);

        List<StubServer.Received> hits = stub.received("/flaky");
        assertThat(hits).hasSize(3).extracting(r -> r.headers().getFirst("webhook-id")).containsOnly(delivery);
        assertThat(hits).allMatch(r -> WebhookReceiver.verified(hook[1], r));
        as(owner.writeKey()).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                .body("status", equalTo("delivered")).body("attempts", equalTo(3))
                .body("log.outcome", org.hamcrest.Matchers.contains("retry", "retry", "delivered"))
                .body("log[0].httpStatus", equalTo(503));

        as(owner.writeKey()).post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(202);
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(stub.received("/flaky")).hasSize(4).last()
                .satisfies(r -> assertThat(r.headers().getFirst("webhook-id")).as("a replay keeps the event id").isEqualTo(delivery));
    }

    @Test
    void aDeliveryClaimedByANodeThatDiedIsSentAfterTheLeaseAndTwoDrainersNeverSendAnAttemptTwice() throws Exception {
        TestTenants.Person owner = tenants.owner("lease");
        String[] hook = webhook(owner.writeKey(), "/lease");
        stub.reply("/lease", Reply.of(200, "ok"));
        as(owner.writeKey()).post("/api/v1/channels/" + hook[0] + "/test").then().statusCode(202);
        assertThat(drainer.claim(10, owner.accountId())).hasSize(1); // claimed, then the node "dies" before sending
        assertThat(drainer.runDue(owner.accountId())).isZero();
        MutableClock.INSTANCE.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(stub.received("/lease")).hasSize(1);

        // Two channels: one address takes at most 30 tests an hour (SendLimits).
        String[] second = webhook(owner.writeKey(), "/lease-b");
        stub.reply("/lease-b", Reply.of(200, "ok"));
        for (int i = 0; i < 40; i++) {
            as(owner.writeKey()).post("/api/v1/channels/" + (i % 2 == 0 ? hook : second)[0] + "/test").then().statusCode(202);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var barrier = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<Integer>> drainers = List.of(
                pool.submit(() -> { barrier.await(); int n = 0; int k; while ((k = drainer.runDue(owner.accountId())) > 0) { n += k; } return n; }),
                pool.submit(() -> { barrier.await(); int n = 0; int k; while ((k = drainer.runDue(owner.accountId())) > 0) { n += k; } return n; }));
        int sent = drainers.get(0).get() + drainers.get(1).get();
        pool.shutdown();
        assertThat(sent).isEqualTo(40);
        List<String> ids = java.util.stream.Stream.concat(stub.received("/lease").stream(), stub.received("/lease-b").stream())
                .map(r -> r.headers().getFirst("webhook-id")).toList();
        assertThat(ids).hasSize(41).doesNotHaveDuplicates();
    }

    @Test
    void goneDisablesTheChannelAndTellsTheOwnersWhileOtherClientErrorsStopRetrying() {
        TestTenants.Person owner = tenants.owner("gone");
        String[] gone = webhook(owner.writeKey(), "/gone");
        String[] bad = webhook(owner.writeKey(), "/bad");
        stub.reply("/gone", Reply.of(410, "gone")).reply("/bad", Reply.of(400, "{\"error\":\"schema\"}"));
        String goneDelivery = as(owner.writeKey()).post("/api/v1/channels/" + gone[0] + "/test").then().extract().path("deliveryId");
        String badDelivery = as(owner.writeKey()).post("/api/v1/channels/" + bad[0] + "/test").then().extract().path("deliveryId");
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(2);
        MutableClock.INSTANCE.advance(Duration.ofHours(30));
        assertThat(drainer.runDue(owner.accountId())).as("neither is retried").isZero();

        as(owner.writeKey()).get("/api/v1/channels/" + gone[0]).then().body("enabled", equalTo(false));
        as(owner.writeKey()).get("/api/v1/channels/" + bad[0]).then().body("enabled", equalTo(true));
        as(owner.writeKey()).get("/api/v1/deliveries/" + goneDelivery).then().body("status", equalTo("failed"))
                .body("lastStatus", equalTo(410));
        as(owner.writeKey()).get("/api/v1/deliveries/" + badDelivery).then().body("status", equalTo("failed"))
                .body("lastError", org.hamcrest.Matchers.containsString("schema"));
        assertThat(Mailbox.text(new Mailbox(greenMail).await(owner.email(), "disabled: 410 Gone"))).contains("410 Gone");
    }

    @Test
    void slackDiscordAndPagerDutyGetTheirOwnFormats() throws Exception {
        TestTenants.Person owner = tenants.owner("chat");
        try (StubServer pagerduty = StubServer.start(18923)) {
            pagerduty.reply("/v2/enqueue", Reply.of(202, "{\"status\":\"success\"}"));
            stub.reply("/slack", Reply.of(200, "ok")).reply("/discord", Reply.of(204, "")).reply("/svc", Reply.of(503, "{}"));
            as(owner.writeKey()).body(Map.of("type", "slack", "target", stub.url("/slack"))).post("/api/v1/channels").then().statusCode(201);
            as(owner.writeKey()).body(Map.of("type", "discord", "target", stub.url("/discord"))).post("/api/v1/channels").then().statusCode(201);
            as(owner.writeKey()).body(Map.of("type", "pagerduty", "target", "R0UTINGKEY0000000000000000000000"))
                    .post("/api/v1/channels").then().statusCode(201);
            as(owner.writeKey()).body(Map.of("name", "Svc", "url", stub.url("/svc"), "failureThreshold", 1))
                    .post("/api/v1/monitors").then().statusCode(201);
            probe(owner.accountId(), 1);
            assertThat(drainer.runDue(owner.accountId())).as("email, slack, discord, pagerduty").isEqualTo(4);

            JsonNode slack = JSON.readTree(stub.received("/slack").get(0).body());
            assertThat(slack.path("text").asText()).startsWith("DOWN Svc — 503 overloaded");
            JsonNode discord = JSON.readTree(stub.received("/discord").get(0).body());
            assertThat(discord.path("embeds").get(0).path("title").asText()).isEqualTo("[Tocsin] DOWN Svc — 503 overloaded");
            JsonNode event = JSON.readTree(pagerduty.received("/v2/enqueue").get(0).body());
            assertThat(event.path("event_action").asText()).isEqualTo("trigger");
            assertThat(event.path("routing_key").asText()).isEqualTo("R0UTINGKEY0000000000000000000000");
            assertThat(event.path("payload").path("summary").asText()).startsWith("DOWN Svc — 503 overloaded");
            String incident = event.path("dedup_key").asText();

            as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
            drainer.runDue(owner.accountId());
            JsonNode resolve = JSON.readTree(pagerduty.received("/v2/enqueue").get(1).body());
            assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
            assertThat(resolve.path("dedup_key").asText()).as("PagerDuty closes the same alert").isEqualTo(incident);
        }
    }
}
