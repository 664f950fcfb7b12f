package dev.tocsin.web;

import dev.tocsin.billing.BillingService;
import dev.tocsin.billing.Subscription;
import dev.tocsin.billing.SubscriptionState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The plan badge of the app's header and the banner every page shows while monitoring is at risk or
 * paused; read by the layout as {@code inject:billingBanner}, once per request. Nothing while billing
 * is off or nobody is signed in.
 */
@Named("billingBanner")
@RequestScoped
public class BillingBanner {

    private final WebAuth auth;
    private final BillingService billing;
    private Summary summary;
    private boolean read;

    BillingBanner(WebAuth auth, BillingService billing) {
        this.auth = auth;
        this.billing = billing;
    }

    /** @param banner the sentence for the banner, or null when all is well */
    public record Summary(String plan, String state, long trialDaysLeft, String badge, String banner) {
    }

    public Summary getSummary() {
        if (!read) {
            read = true;
            // Error pages of unmatched paths render on the event loop, where no database call may run;
            // they show no badge.
            summary = billing.enabled() && !io.vertx.core.Context.isOnEventLoopThread()
                    ? auth.current().map(me -> of(billing.subscription(me.account().id))).orElse(null) : null;
        }
        return summary;
    }

    private Summary of(Subscription s) {
        long days = billing.daysLeft(s);
        String badge = switch (s.state) {
            case TRIALING -> days == 1 ? "Trial · 1 day left" : "Trial · " + days + " days left";
            case ACTIVE -> "Pro";
            case PAST_DUE -> "Pro · payment overdue";
            case EXPIRED -> "Trial ended";
            case CANCELED -> "Canceled";
        };
        String banner = switch (s.state) {
            case EXPIRED -> "Your trial has ended and monitoring is paused. Upgrade to resume your monitors; nothing was deleted.";
            case CANCELED -> "Your subscription is canceled and monitoring is paused. Subscribe again to resume; nothing was deleted.";
            case PAST_DUE -> "Your last payment failed. Update your card before the grace period ends, or monitoring pauses.";
            case TRIALING -> days == 0 ? "Your trial has ended and monitoring is paused. Upgrade to resume your monitors." : null;
            default -> null;
        };
        return new Summary(s.plan.code(), s.state.code(), days, badge, banner);
    }

    static boolean atRisk(SubscriptionState state) {
        return state == SubscriptionState.PAST_DUE || state == SubscriptionState.EXPIRED || state == SubscriptionState.CANCELED;
    }
}
