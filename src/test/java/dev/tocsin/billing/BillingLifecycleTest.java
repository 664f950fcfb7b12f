package dev.tocsin.billing;

import static dev.tocsin.billing.BillingTestSupport.deliver;
import static dev.tocsin.billing.BillingTestSupport.event;
import static dev.tocsin.billing.BillingTestSupport.eventId;
import static dev.tocsin.billing.BillingTestSupport.invoice;
import static dev.tocsin.billing.BillingTestSupport.subscriptionOf;
import static dev.tocsin.billing.BillingTestSupport.update;
import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trial's end and the grace period, driven by a moved clock; mails read from a real SMTP server. */
@QuarkusTest
class BillingLifecycleTest {

    @Inject
    TestTenants tenants;

    @Inject
    BillingLifecycle lifecycle;

    @InjectGreenMail
    GreenMail greenMail;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    private String monitor(TestTenants.Person owner, String name) {
        return as(owner.writeKey()).body("{\"name\":\"" + name + "\",\"url\":\"https://example.com/" + name + "\"}")
                .post("/api/v1/monitors").then().statusCode(201).extract().path("id");
    }

    private void assertPaused(TestTenants.Person owner, String monitor, boolean paused) {
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200).body("paused", equalTo(paused));
    }

    @Test
    void aTrialRemindsThreeDaysAheadThenExpiresPausingMonitorsAndKeepingData() {
        TestTenants.Person owner = tenants.owner("trialist");
        String watched = monitor(owner, "watched");
        String mine = monitor(owner, "mine");
        as(owner.writeKey()).post("/api/v1/monitors/" + mine + "/pause").then().statusCode(200);

        assertThat(lifecycle.runOnce(owner.accountId())).as("nothing due on day one").isZero();
        MutableClock.INSTANCE.advance(Duration.ofDays(11).plusHours(1));
        assertThat(lifecycle.runOnce(owner.accountId())).isEqualTo(1);
        assertThat(lifecycle.runOnce(owner.accountId())).as("the reminder goes once").isZero();
        assertThat(Mailbox.text(new Mailbox(greenMail).await(owner.email(), "trial ends on"))).contains("$9 a month");
        assertPaused(owner, watched, false);

        MutableClock.INSTANCE.advance(Duration.ofDays(3));
        assertThat(lifecycle.runOnce(owner.accountId())).isEqualTo(1);
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.EXPIRED);
        assertThat(Mailbox.text(new Mailbox(greenMail).await(owner.email(), "trial has ended"))).contains("monitoring is paused");
        assertPaused(owner, watched, true);
        as(owner.writeKey()).get("/api/v1/subscription").then().statusCode(200)
                .body("state", equalTo("expired"))
                .body("pausedMonitors.name", equalTo(java.util.List.of("watched")));
        as(owner.writeKey()).body("{\"url\":\"https://example.com/new\"}").post("/api/v1/monitors").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/plan-limit"))
                .body("detail", containsString("trial has ended"));
        as(owner.writeKey()).get("/api/v1/monitors").then().statusCode(200).body("items.size()", equalTo(2));

        String customer = "cus_t_" + UUID.randomUUID().toString().substring(0, 10);
        update(owner.accountId(), s -> s.stripeCustomerId = customer);
        deliver(event(eventId(), "checkout.session.completed", MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS),
                BillingTestSupport.checkoutSession(owner.accountId(), customer, "sub_t_" + UUID.randomUUID())))
                .then().statusCode(200);
        assertPaused(owner, watched, false);
        assertPaused(owner, mine, true);
    }

    @Test
    void aFailedPaymentPausesAfterGraceAndAPaidInvoiceRestoresOnlyWhatBillingPaused() {
        TestTenants.Person owner = tenants.owner("latepayer");
        String customer = "cus_t_" + UUID.randomUUID().toString().substring(0, 10);
        String sub = "sub_t_" + UUID.randomUUID().toString().substring(0, 10);
        update(owner.accountId(), s -> {
            s.stripeCustomerId = customer;
            s.stripeSubscriptionId = sub;
            s.plan = Plan.PRO;
            s.state = SubscriptionState.ACTIVE;
        });
        String watched = monitor(owner, "watched");
        String mine = monitor(owner, "mine");
        as(owner.writeKey()).post("/api/v1/monitors/" + mine + "/pause").then().statusCode(200);

        deliver(event(eventId(), "invoice.payment_failed", MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS),
                invoice(customer, sub))).then().statusCode(200);
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.PAST_DUE);
        new Mailbox(greenMail).await(owner.email(), "payment failed");
        assertThat(lifecycle.runOnce(owner.accountId())).as("within the grace period").isZero();
        assertPaused(owner, watched, false);

        MutableClock.INSTANCE.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(lifecycle.runOnce(owner.accountId())).isEqualTo(1);
        assertPaused(owner, watched, true);
        assertThat(lifecycle.runOnce(owner.accountId())).as("nothing left to pause").isZero();
        new Mailbox(greenMail).await(owner.email(), "monitoring is paused");

        deliver(event(eventId(), "invoice.paid", MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS), invoice(customer, sub)))
                .then().statusCode(200);
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.ACTIVE);
        assertPaused(owner, watched, false);
        assertPaused(owner, mine, true);
    }

    @Test
    void aPlanWithFewerMonitorsPausesTheNewestAndNeverDeletes() {
        TestTenants.Person owner = tenants.owner("shrinker");
        String oldest = monitor(owner, "oldest");
        for (int i = 0; i < 8; i++) {
            monitor(owner, "m" + i);
        }
        String newest = monitor(owner, "newest");
        as(owner.writeKey()).post("/api/v1/monitors/" + newest + "/pause").then().statusCode(200);
        String eleventh = monitor(owner, "eleventh");
        // Two monitors beyond what the shrunk plan allows: simulate a lower limit by pausing through enforcement.
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                io.quarkus.arc.Arc.container().instance(dev.tocsin.monitor.Monitors.class).get().enforce(owner.accountId(), true, 8));
        assertPaused(owner, oldest, false);
        assertPaused(owner, eleventh, true);
        as(owner.writeKey()).get("/api/v1/subscription").then().body("pausedMonitors.size()", equalTo(2))
                .body("pausedMonitors[0].why", containsString("limit"));
        as(owner.writeKey()).get("/api/v1/monitors").then().body("items.size()", equalTo(11));
    }
}
