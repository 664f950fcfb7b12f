package dev.tocsin.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Billing settings. Without a Stripe secret key billing is off: the self-hosted mode, with no plan
 * limits and no billing routes. Every setting is listed in docs/configuration.md.
 */
@ConfigMapping(prefix = "tocsin.billing")
public interface BillingConfig {

    Stripe stripe();

    /** How long a past-due account keeps monitoring before billing pauses it. */
    @WithDefault("P7D")
    Duration gracePeriod();

    /** How often the lifecycle job (trial reminders and expiry, grace periods) looks for due accounts. */
    @WithDefault("5m")
    String lifecycleEvery();

    Plans plans();

    interface Stripe {

        /** Secret API key ({@code sk_…}); billing is on exactly when it is set. */
        Optional<String> secretKey();

        /** Signing secret of the webhook endpoint ({@code whsec_…}); required when billing is on. */
        Optional<String> webhookSecret();

        /** The Price of the Pro plan ({@code price_…}); required when billing is on. */
        Optional<String> priceId();

        /** Where Stripe's API is; a local server in tests. */
        @WithDefault("https://api.stripe.com")
        String apiBase();
    }

    interface Plans {

        /** The free trial: everything of Pro by default, no card. */
        Limits trial();

        /** The paid plan, $9 a month. */
        Limits pro();
    }

    interface Limits {

        /** Most monitors an account on this plan may have active. */
        @Min(1)
        @WithDefault("10")
        int monitors();

        /** Shortest probe interval the plan allows, in seconds. */
        @Min(30)
        @Max(86400)
        @WithDefault("30")
        int minIntervalSeconds();

        /** Channel types the plan may use. */
        @WithDefault("email,webhook")
        Set<String> channelTypes();
    }
}
