package dev.tocsin.billing;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.NoSuchElementException;
import org.jboss.logging.Logger;

/**
 * On or off, decided once from the settings: billing is on exactly when a Stripe secret key is set. On
 * with a missing webhook secret or price id stops the start, naming the setting, because a half-set
 * billing would take money it cannot account for or offer an upgrade that cannot work.
 */
@Startup
@ApplicationScoped
public class BillingMode {

    private static final Logger LOG = Logger.getLogger(BillingMode.class);

    private final boolean enabled;

    BillingMode(BillingConfig config) {
        BillingConfig.Stripe stripe = config.stripe();
        this.enabled = stripe.secretKey().filter(k -> !k.isBlank()).isPresent();
        if (enabled) {
            require(stripe.webhookSecret().filter(s -> !s.isBlank()).isPresent(), "tocsin.billing.stripe.webhook-secret");
            require(stripe.priceId().filter(s -> !s.isBlank()).isPresent(), "tocsin.billing.stripe.price-id");
        }
    }

    private static void require(boolean present, String name) {
        if (!present) {
            throw new NoSuchElementException(name + " must be set when tocsin.billing.stripe.secret-key is (billing is on)");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("Billing is off (no tocsin.billing.stripe.secret-key): self-hosted mode, no plan limits");
        }
    }
}
