package dev.tocsin.billing;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an account stands with payment. {@code expired} (a trial that ended unpaid) and {@code canceled}
 * pause monitoring at once; {@code past_due} does after the grace period.
 */
public enum SubscriptionState {
    TRIALING, ACTIVE, PAST_DUE, EXPIRED, CANCELED;

    static SubscriptionState ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
