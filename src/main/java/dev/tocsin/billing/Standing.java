package dev.tocsin.billing;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether an account may monitor now, from its subscription alone: a pure rule, the one place that says
 * which states pause monitoring. A trial past its end counts as over even before the lifecycle job has
 * marked it expired, so no node gives a free hour to an account whose job run is late.
 */
record Standing(boolean monitoringAllowed, String why) {

    static Standing of(Subscription s, Instant now, Duration gracePeriod) {
        return switch (s.state) {
            case ACTIVE -> allowed();
            case TRIALING -> s.trialEndsAt == null || now.isBefore(s.trialEndsAt) ? allowed()
                    : paused("Your trial has ended, so monitoring is paused; your data is kept.");
            case PAST_DUE -> s.pastDueSince == null || now.isBefore(s.pastDueSince.plus(gracePeriod)) ? allowed()
                    : paused("Your payment is overdue and the grace period has ended, so monitoring is paused; your data is kept.");
            case EXPIRED -> paused("Your trial has ended, so monitoring is paused; your data is kept.");
            case CANCELED -> paused("Your subscription is canceled, so monitoring is paused; your data is kept.");
        };
    }

    private static Standing allowed() {
        return new Standing(true, null);
    }

    private static Standing paused(String why) {
        return new Standing(false, why + " Upgrade at /app/billing to resume every monitor billing paused.");
    }
}
