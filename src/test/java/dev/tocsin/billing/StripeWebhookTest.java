package dev.tocsin.billing;

import static dev.tocsin.billing.BillingTestSupport.checkoutSession;
import static dev.tocsin.billing.BillingTestSupport.deliver;
import static dev.tocsin.billing.BillingTestSupport.event;
import static dev.tocsin.billing.BillingTestSupport.eventId;
import static dev.tocsin.billing.BillingTestSupport.invoice;
import static dev.tocsin.billing.BillingTestSupport.processed;
import static dev.tocsin.billing.BillingTestSupport.subscription;
import static dev.tocsin.billing.BillingTestSupport.subscriptionOf;
import static dev.tocsin.billing.BillingTestSupport.update;
import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tocsin.testing.LocalStripe;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Checkout, portal and Stripe's webhooks against a local Stripe, with bodies signed as Stripe signs them. */
@QuarkusTest
class StripeWebhookTest {

    @Inject
    TestTenants tenants;

    private static String customer() {
        return "cus_t_" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static String subscriptionId() {
        return "sub_t_" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static Instant now() {
        return MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** An owner whose Stripe customer is known, and their active subscription as Stripe holds it. */
    private record AtStripe(TestTenants.Person owner, String customer, String sub, Instant periodEnd, String active) {
    }

    private AtStripe activeAtStripe(String name, boolean cancelAtPeriodEnd) {
        TestTenants.Person owner = tenants.owner(name);
        String customer = customer();
        String sub = subscriptionId();
        update(owner.accountId(), s -> s.stripeCustomerId = customer);
        Instant periodEnd = now().plus(Duration.ofDays(30));
        String active = subscription(sub, owner.accountId(), customer, "active", periodEnd, cancelAtPeriodEnd);
        LocalStripe.subscription(sub, active);
        return new AtStripe(owner, customer, sub, periodEnd, active);
    }

    @Test
    void checkoutThenCompletedSessionMakesTheAccountActiveOnPro() {
        TestTenants.Person owner = tenants.owner("payer");
        String url = as(owner.writeKey()).post("/api/v1/subscription/checkout").then().statusCode(200)
                .body("url", startsWith(LocalStripe.base() + "/checkout/cs_test_")).extract().path("url");
        String again = as(owner.writeKey()).post("/api/v1/subscription/checkout").then().statusCode(200).extract().path("url");
        assertThat(again).isNotEqualTo(url);

        List<LocalStripe.Request> customers = LocalStripe.requests("/v1/customers").stream()
                .filter(r -> r.body().contains(owner.accountId().toString())).toList();
        assertThat(customers).as("the customer is created once and reused").hasSize(1);
        assertThat(customers.get(0).idempotencyKey()).isEqualTo("tocsin-customer-" + owner.accountId());
        String customer = subscriptionOf(owner.accountId()).stripeCustomerId;
        assertThat(customer).startsWith("cus_test_");
        LocalStripe.Request session = LocalStripe.requests("/v1/checkout/sessions").stream()
                .filter(r -> r.body().contains(owner.accountId().toString())).findFirst().orElseThrow();
        assertThat(session.body()).contains("mode=subscription", "client_reference_id=" + owner.accountId(), "customer=" + customer,
                "price_test_pro", "%2Fapp%2Fbilling");

        String sub = subscriptionId();
        String id = eventId();
        deliver(event(id, "checkout.session.completed", now(), checkoutSession(owner.accountId(), customer, sub)))
                .then().statusCode(200).body("received", equalTo("applied"));

        as(owner.writeKey()).get("/api/v1/subscription").then().statusCode(200)
                .body("plan", equalTo("pro"))
                .body("state", equalTo("active"))
                .body("limits.monitors", equalTo(10))
                .body("limits.channelTypes", equalTo(List.of("email", "webhook")))
                .body("usage.monitors", equalTo(0));
        assertThat(subscriptionOf(owner.accountId()).stripeSubscriptionId).isEqualTo(sub);
        as(owner.writeKey()).post("/api/v1/subscription/portal").then().statusCode(200)
                .body("url", startsWith(LocalStripe.base() + "/portal/"));
    }

    @Test
    void theSameEventTwiceIsProcessedOnce() {
        TestTenants.Person owner = tenants.owner("twice");
        String customer = customer();
        String sub = subscriptionId();
        update(owner.accountId(), s -> {
            s.stripeCustomerId = customer;
            s.stripeSubscriptionId = sub;
            s.plan = Plan.PRO;
            s.state = SubscriptionState.ACTIVE;
        });
        String failed = event(eventId(), "invoice.payment_failed", now().minusSeconds(60), invoice(customer, sub));
        deliver(failed).then().statusCode(200).body("received", equalTo("applied"));
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.PAST_DUE);
        deliver(event(eventId(), "invoice.paid", now(), invoice(customer, sub))).then().statusCode(200);
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.ACTIVE);

        deliver(failed).then().statusCode(200).body("received", equalTo("duplicate"));
        assertThat(subscriptionOf(owner.accountId()).state).as("a replay changes nothing").isEqualTo(SubscriptionState.ACTIVE);
    }

    @Test
    void concurrentDeliveriesOfOneEventAreProcessedOnce() throws Exception {
        TestTenants.Person owner = tenants.owner("racing");
        String customer = customer();
        update(owner.accountId(), s -> s.stripeCustomerId = customer);
        String id = eventId();
        String body = event(id, "checkout.session.completed", now(), checkoutSession(owner.accountId(), customer, subscriptionId()));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> deliver(body).then().statusCode(200).extract().<String>path("received")));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get());
            }
            assertThat(outcomes).filteredOn("applied"::equals).hasSize(1);
            assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(5);
        } finally {
            pool.shutdown();
        }
        assertThat(processed(id)).isEqualTo(1);
    }

    @Test
    void anUpdateBeforeTheCompletedCheckoutStillEndsActive() {
        AtStripe at = activeAtStripe("early", false);
        TestTenants.Person owner = at.owner();
        String customer = at.customer();
        String sub = at.sub();
        Instant periodEnd = at.periodEnd();
        String active = at.active();

        deliver(event(eventId(), "customer.subscription.updated", now(), active)).then().statusCode(200);
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.ACTIVE);
        deliver(event(eventId(), "checkout.session.completed", now().minusSeconds(5), checkoutSession(owner.accountId(), customer, sub)))
                .then().statusCode(200);

        Subscription s = subscriptionOf(owner.accountId());
        assertThat(s.state).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(s.plan).isEqualTo(Plan.PRO);
        assertThat(s.stripeSubscriptionId).isEqualTo(sub);
        assertThat(s.currentPeriodEnd).isEqualTo(periodEnd);
    }

    @Test
    void aStaleUpdateIsReadBackFromStripeAndNeverTurnsTheStateBack() {
        AtStripe at = activeAtStripe("stale", true);
        TestTenants.Person owner = at.owner();
        String customer = at.customer();
        String sub = at.sub();
        Instant periodEnd = at.periodEnd();
        String active = at.active();

        deliver(event(eventId(), "customer.subscription.updated", now(), active)).then().statusCode(200);
        int readsBefore = LocalStripe.requests("/v1/subscriptions/" + sub).size();
        String older = subscription(sub, owner.accountId(), customer, "past_due", periodEnd, false);
        deliver(event(eventId(), "customer.subscription.updated", now().minusSeconds(120), older)).then().statusCode(200)
                .body("received", equalTo("applied"));

        Subscription s = subscriptionOf(owner.accountId());
        assertThat(s.state).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(s.cancelAtPeriodEnd).as("what Stripe says now, not what the stale event said").isTrue();
        assertThat(LocalStripe.requests("/v1/subscriptions/" + sub)).hasSize(readsBefore + 1);
        assertThat(LocalStripe.requests("/v1/subscriptions/" + sub).get(readsBefore).method()).isEqualTo("GET");
    }

    @Test
    void aDeletedSubscriptionCancelsAndPausesMonitoring() {
        TestTenants.Person owner = tenants.owner("leaver");
        String customer = customer();
        String sub = subscriptionId();
        update(owner.accountId(), s -> {
            s.stripeCustomerId = customer;
            s.stripeSubscriptionId = sub;
            s.plan = Plan.PRO;
            s.state = SubscriptionState.ACTIVE;
        });
        String monitor = as(owner.writeKey()).body("{\"url\":\"https://example.com/leaver\"}").post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
        deliver(event(eventId(), "customer.subscription.deleted", now(),
                subscription(sub, owner.accountId(), customer, "canceled", now(), false))).then().statusCode(200);

        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.CANCELED);
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().body("paused", equalTo(true)).body("status", equalTo("paused"));
        as(owner.writeKey()).post("/api/v1/monitors/" + monitor + "/resume").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/plan-limit"));
    }

    @Test
    void anEventTypeNotHandledIsAcknowledgedAndIgnored() {
        String id = eventId();
        deliver(event(id, "customer.created", now(), "{\"id\":\"cus_x\",\"object\":\"customer\"}"))
                .then().statusCode(200).body("received", equalTo("ignored"));
        assertThat(processed(id)).isZero();
    }

    @Test
    void badSignaturesAndBodiesAreRefusedAndWriteNothing() {
        TestTenants.Person owner = tenants.owner("forged");
        String id = eventId();
        String body = event(id, "checkout.session.completed", now(), checkoutSession(owner.accountId(), customer(), subscriptionId()));

        String forged;
        try {
            forged = com.stripe.net.Webhook.Signature.generateSignatureHeader(body, "whsec_someone_else", now().getEpochSecond());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        deliver(body, forged).then().statusCode(400).body("type", equalTo("https://tocsin.dev/problems/invalid-signature"));
        deliver(body, null).then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("Stripe-Signature"));
        deliver(body, LocalStripe.sign(body, now().minusSeconds(301))).then().statusCode(400);
        deliver(body + " ", LocalStripe.sign(body, now())).then().statusCode(400);
        String malformed = "{\"id\": \"evt_broken\", \"type\": ";
        deliver(malformed).then().statusCode(400).body("type", equalTo("https://tocsin.dev/problems/malformed-event"));
        deliver("{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"created\":\"soon\",\"data\":{}}").then().statusCode(400);

        assertThat(processed(id)).isZero();
        assertThat(subscriptionOf(owner.accountId()).state).isEqualTo(SubscriptionState.TRIALING);
    }

    @Test
    void onlyOwnersStartCheckoutOrOpenThePortal() {
        TestTenants.Cast cast = tenants.create();
        as(cast.bob().writeKey()).post("/api/v1/subscription/checkout").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/forbidden"));
        as(cast.bob().writeKey()).post("/api/v1/subscription/portal").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/forbidden"));
        as(cast.readKeyA()).post("/api/v1/subscription/checkout").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/read-only-key"));
        as(cast.readKeyA()).get("/api/v1/subscription").then().statusCode(200).body("state", equalTo("trialing"));
        as(cast.alice().writeKey()).post("/api/v1/subscription/portal").then().statusCode(409)
                .body("type", equalTo("https://tocsin.dev/problems/no-subscription"));
        assertThat(LocalStripe.requests("/v1/customers").stream().filter(r -> r.body().contains(cast.accountA().toString()))).isEmpty();
    }

    @Test
    void proLimitsTheChannelTypesWithTheLimitNamed() {
        TestTenants.Person owner = tenants.owner("narrow");
        update(owner.accountId(), s -> {
            s.plan = Plan.PRO;
            s.state = SubscriptionState.ACTIVE;
        });
        as(owner.writeKey()).body("{\"type\":\"slack\",\"target\":\"https://hooks.slack.com/services/T0/B0/XXXXXXXX\"}")
                .post("/api/v1/channels").then().statusCode(403)
                .body("type", equalTo("https://tocsin.dev/problems/plan-limit"))
                .body("detail", org.hamcrest.Matchers.containsString("email and webhook, not slack"))
                .body("detail", org.hamcrest.Matchers.containsString("/app/billing"));
        as(owner.writeKey()).body("{\"type\":\"webhook\",\"target\":\"https://hooks.example.com/tocsin\"}")
                .post("/api/v1/channels").then().statusCode(201);
    }
}
