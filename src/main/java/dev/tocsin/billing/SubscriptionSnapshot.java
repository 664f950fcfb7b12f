package dev.tocsin.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A Stripe subscription object as far as Tocsin cares: its status and period. The period end moved from
 * the subscription to its items in newer API versions; both places are read.
 */
record SubscriptionSnapshot(String id, String status, Optional<Instant> currentPeriodEnd, boolean cancelAtPeriodEnd) {

    static SubscriptionSnapshot of(JsonNode subscription) {
        JsonNode end = subscription.path("current_period_end");
        if (!end.canConvertToLong()) {
            end = subscription.path("items").path("data").path(0).path("current_period_end");
        }
        return new SubscriptionSnapshot(subscription.path("id").asText(), subscription.path("status").asText(),
                end.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(end.asLong())) : Optional.empty(),
                subscription.path("cancel_at_period_end").asBoolean(false));
    }

    /** Tocsin's state for Stripe's status; empty when the status says nothing yet (an unfinished first payment). */
    Optional<SubscriptionState> state() {
        return switch (status) {
            case "active", "trialing" -> Optional.of(SubscriptionState.ACTIVE);
            case "past_due", "unpaid", "paused" -> Optional.of(SubscriptionState.PAST_DUE);
            case "canceled" -> Optional.of(SubscriptionState.CANCELED);
            default -> Optional.empty();
        };
    }
}
