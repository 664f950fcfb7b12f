package dev.tocsin.notify;

import static dev.tocsin.notify.AlertDeliveryTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.incident.IncidentService;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.Metrics;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the drainer does when a row can no longer be sent as it was queued, and what it reports. */
@QuarkusTest
class DeliveryFailuresTest {

    @Inject
    OutboxDrainer drainer;

    @Inject
    IncidentService incidents;

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

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

    private String webhook(String key, String path) {
        stub.reply(path, Reply.of(204, ""));
        return as(key).body(Map.of("type", "webhook", "target", stub.url(path))).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
    }

    private String test(String key, String channel) {
        return as(key).post("/api/v1/channels/" + channel + "/test").then().statusCode(202).extract().path("deliveryId");
    }

    @Test
    void anUndecryptableSecretFailsItsOwnRowWithoutHoldingUpAnyoneElses() {
        TestTenants.Person owner = tenants.owner("sealed");
        String broken = webhook(owner.writeKey(), "/broken");
        String healthy = webhook(owner.writeKey(), "/healthy");
        String brokenDelivery = test(owner.writeKey(), broken);
        String healthyDelivery = test(owner.writeKey(), healthy);
        // As after a credential key was removed too early: the ciphertext no longer opens.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update channels set secret = decode('00112233445566778899aabbccddeeff00112233', 'hex') where id = ?1")
                .setParameter(1, UUID.fromString(broken)).executeUpdate());

        assertThat(drainer.runDue(owner.accountId())).isEqualTo(2);

        assertThat(stub.received("/healthy")).hasSize(1);
        assertThat(stub.received("/broken")).as("never sent unsigned").isEmpty();
        as(owner.writeKey()).get("/api/v1/deliveries/" + healthyDelivery).then().body("status", equalTo("delivered"));
        as(owner.writeKey()).get("/api/v1/deliveries/" + brokenDelivery).then().body("status", equalTo("pending"))
                .body("lastError", containsString("cannot be decrypted"));
    }

    @Test
    void aRowQueuedBeforeTheAddressChangedIsNotSentToTheNewUnconfirmedAddress() {
        TestTenants.Person owner = tenants.owner("readdress");
        String channel = as(owner.writeKey()).get("/api/v1/channels").then().extract().path("items[0].id");
        String delivery = test(owner.writeKey(), channel);
        String stranger = TestTenants.email("stranger-readdress");
        as(owner.writeKey()).body(Map.of("target", stranger)).patch("/api/v1/channels/" + channel).then().statusCode(200)
                .body("confirmed", equalTo(false));

        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);

        as(owner.writeKey()).get("/api/v1/deliveries/" + delivery).then().body("status", equalTo("failed"))
                .body("lastError", containsString("not been confirmed"));
        assertThat(new Mailbox(greenMail).to(stranger)).as("only the confirmation request reached the new address")
                .noneMatch(m -> Mailbox.subject(m).startsWith("[Tocsin] TEST"));
    }

    @Test
    void aDeliveryBeingSentRightNowIsNotQueuedASecondTime() {
        TestTenants.Person owner = tenants.owner("in-flight");
        String delivery = test(owner.writeKey(), webhook(owner.writeKey(), "/in-flight"));
        assertThat(drainer.claim(10, owner.accountId())).hasSize(1); // leased, its send not yet recorded

        as(owner.writeKey()).post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("delivery-in-flight"));
        as(owner.writeKey()).post("/api/v1/deliveries/" + UUID.randomUUID() + "/retry").then().statusCode(404);

        MutableClock.INSTANCE.advance(java.time.Duration.ofMinutes(5).plusSeconds(1)); // the lease has run out
        as(owner.writeKey()).post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(202);
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(stub.received("/in-flight")).hasSize(1);
    }

    @Test
    void theDeliveryLogOfAnIncidentListsOneDeliveryPerChannelAndEvent() {
        TestTenants.Person owner = tenants.owner("log");
        webhook(owner.writeKey(), "/log");
        UUID monitor = UUID.fromString(as(owner.writeKey()).body(Map.of("name", "Log API", "url", stub.url("/api")))
                .post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
        signal(owner.accountId(), monitor, Severity.DOWN);
        String incident = as(owner.writeKey()).get("/api/v1/incidents").then().extract().path("items[0].id");
        signal(owner.accountId(), monitor, Severity.OK);
        drainer.runDue(owner.accountId());

        as(owner.writeKey()).get("/api/v1/deliveries?incident=" + incident).then().statusCode(200)
                .body("items", hasSize(4)).body("items.status", everyItem(equalTo("delivered")))
                .body("items.findAll { it.eventType == 'incident.opened' }", hasSize(2))
                .body("items.findAll { it.eventType == 'incident.resolved' }", hasSize(2));
        as(owner.writeKey()).get("/api/v1/deliveries?incident=" + incident + "&limit=3").then().statusCode(200)
                .body("items", hasSize(3)).body("next", org.hamcrest.Matchers.notNullValue());
        as(owner.writeKey()).get("/api/v1/deliveries?incident=not-a-uuid").then().statusCode(400);
        TestTenants.Person other = tenants.owner("log-other");
        as(other.writeKey()).get("/api/v1/deliveries?incident=" + incident).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void metricsCountAttemptsByChannelTypeAndResultAndReadTheOutboxDepthEvenAfterACollection() {
        TestTenants.Person owner = tenants.owner("metrics");
        stub.reply("/refuses", Reply.of(400, "no"));
        String refuses = as(owner.writeKey()).body(Map.of("type", "webhook", "target", stub.url("/refuses")))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        String accepts = webhook(owner.writeKey(), "/accepts");
        double failedBefore = Metrics.value("tocsin_delivery_attempts_total\\{channel=\"webhook\",result=\"failed\"}");
        double deliveredBefore = Metrics.value("tocsin_delivery_latency_seconds_count");
        test(owner.writeKey(), refuses);
        test(owner.writeKey(), refuses);
        test(owner.writeKey(), accepts);
        System.gc(); // a weakly held gauge source would be gone now
        assertThat(Metrics.value("tocsin_outbox_depth")).as("at least the two rows just queued").isGreaterThanOrEqualTo(3);

        drainer.runDue(owner.accountId());

        assertThat(Metrics.value("tocsin_delivery_attempts_total\\{channel=\"webhook\",result=\"failed\"}")).isEqualTo(failedBefore + 2);
        assertThat(Metrics.value("tocsin_delivery_latency_seconds_count")).as("timed on success only").isEqualTo(deliveredBefore + 1);
    }

    private void signal(UUID account, UUID monitor, Severity severity) {
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(new Signal(UUID.randomUUID(), account, monitor,
                Signal.Source.PROBE, severity, "server_error", "HTTP 500", null, MutableClock.INSTANCE.instant()))));
    }
}
