package dev.tocsin.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A verified Stripe event, read from its raw JSON rather than the SDK's typed model: an event sent with
 * another API version than the SDK's deserializes to an empty object, and these few fields have kept
 * their names across versions (the invoice's subscription moved; both places are read).
 */
record StripeEvent(String id, String type, Instant created, JsonNode object) {

    static final Set<String> HANDLED = Set.of("checkout.session.completed", "customer.subscription.created",
            "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.trial_will_end",
            "invoice.paid", "invoice.payment_failed");

    /** Null when the body is not an event Tocsin could use (the caller answers 400). */
    static StripeEvent parse(JsonNode root) {
        JsonNode object = root.path("data").path("object");
        if (!root.path("id").isTextual() || !root.path("type").isTextual() || !root.path("created").canConvertToLong()
                || !object.isObject()) {
            return null;
        }
        return new StripeEvent(root.get("id").asText(), root.get("type").asText(),
                Instant.ofEpochSecond(root.get("created").asLong()), object);
    }

    boolean handled() {
        return HANDLED.contains(type);
    }

    boolean isSubscriptionObject() {
        return type.startsWith("customer.subscription.");
    }

    Optional<String> customer() {
        return text(object.path("customer"));
    }

    /** The subscription the event is about, wherever this event type and API version keep it. */
    Optional<String> subscriptionId() {
        if (isSubscriptionObject()) {
            return text(object.path("id"));
        }
        return text(object.path("subscription"))
                .or(() -> text(object.path("parent").path("subscription_details").path("subscription")));
    }

    /** The account Tocsin named in the checkout (client_reference_id) or in the subscription's metadata. */
    Optional<UUID> accountId() {
        return text(object.path("client_reference_id")).or(() -> text(object.path("metadata").path("account_id")))
                .flatMap(StripeEvent::uuid);
    }

    static Optional<String> text(JsonNode node) {
        if (node.isTextual() && !node.asText().isBlank()) {
            return Optional.of(node.asText());
        }
        // An expanded object instead of an id.
        return node.isObject() && node.path("id").isTextual() ? Optional.of(node.get("id").asText()) : Optional.empty();
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
