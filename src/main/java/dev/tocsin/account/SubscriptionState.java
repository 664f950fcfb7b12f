package dev.tocsin.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an account stands with payment; only {@code expired} and {@code canceled} pause monitoring. */
public enum SubscriptionState {
    TRIALING, ACTIVE, PAST_DUE, EXPIRED, CANCELED;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
