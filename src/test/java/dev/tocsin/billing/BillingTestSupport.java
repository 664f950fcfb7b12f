package dev.tocsin.billing;

import static io.restassured.RestAssured.given;

import dev.tocsin.testing.LocalStripe;
import dev.tocsin.testing.MutableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Stripe events in Stripe's JSON shapes, signed the way Stripe signs them, and the subscription row they change. */
final class BillingTestSupport {

    private static final AtomicInteger EVENTS = new AtomicInteger();

    private BillingTestSupport() {
    }

    static String eventId() {
        return "evt_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String event(String id, String type, Instant created, String object) {
        EVENTS.incrementAndGet();
        return """
                {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,"livemode":false,
                 "pending_webhooks":1,"type":"%s","data":{"object":%s}}""".formatted(id, created.getEpochSecond(), type, object);
    }

    static String checkoutSession(UUID account, String customer, String subscription) {
        return """
                {"id":"cs_test_%s","object":"checkout.session","mode":"subscription","status":"complete","payment_status":"paid",
                 "client_reference_id":"%s","customer":"%s","subscription":"%s"}""".formatted(UUID.randomUUID(), account, customer, subscription);
    }

    /** A subscription in the current API version's shape: the period end lives on its items. */
    static String subscription(String id, UUID account, String customer, String status, Instant periodEnd, boolean cancelAtPeriodEnd) {
        return """
                {"id":"%s","object":"subscription","status":"%s","customer":"%s","cancel_at_period_end":%s,
                 "metadata":{"account_id":"%s"},"created":%d,
                 "items":{"object":"list","data":[{"id":"si_test","object":"subscription_item","current_period_end":%d,
                   "price":{"id":"price_test_pro","object":"price"}}]}}""".formatted(id, status, customer, cancelAtPeriodEnd, account,
                periodEnd.minusSeconds(30 * 86400).getEpochSecond(), periodEnd.getEpochSecond());
    }

    static String invoice(String customer, String subscription) {
        return """
                {"id":"in_test_%s","object":"invoice","customer":"%s","status":"open",
                 "parent":{"type":"subscription_details","subscription_details":{"subscription":"%s"}}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), customer, subscription);
    }

    /** Posts a body signed now by the service's clock, as Stripe would. */
    static Response deliver(String body) {
        return deliver(body, LocalStripe.sign(body, MutableClock.INSTANCE.instant()));
    }

    static Response deliver(String body, String signature) {
        var request = given().contentType("application/json").body(body);
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return request.post("/webhooks/stripe");
    }

    static Subscription subscriptionOf(UUID account) {
        return QuarkusTransaction.requiringNew().call(() -> Subscription.<Subscription>findById(account));
    }

    static void update(UUID account, java.util.function.Consumer<Subscription> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(Subscription.findById(account)));
    }

    static long processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> StripeEventRowCount.count(eventId));
    }

    /** Rows of stripe_events with this id. */
    static final class StripeEventRowCount {
        static long count(String id) {
            return ((Number) io.quarkus.arc.Arc.container().instance(jakarta.persistence.EntityManager.class).get()
                    .createNativeQuery("select count(*) from stripe_events where id = ?1").setParameter(1, id).getSingleResult()).longValue();
        }
    }
}
