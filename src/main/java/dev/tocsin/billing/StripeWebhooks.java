package dev.tocsin.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Receives Stripe's webhook calls: the signature is checked by Stripe's SDK against the raw body
 * (300 s tolerance) before anything is read or written; then the event is applied once.
 */
@ApplicationScoped
public class StripeWebhooks {

    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);
    static final long TOLERANCE_SECONDS = 300;

    private final BillingMode mode;
    private final BillingConfig config;
    private final StripeEventApplier applier;
    private final StripeGateway stripe;
    private final ObjectMapper json;
    private final Clock clock;

    StripeWebhooks(BillingMode mode, BillingConfig config, StripeEventApplier applier, StripeGateway stripe, ObjectMapper json, Clock clock) {
        this.mode = mode;
        this.config = config;
        this.applier = applier;
        this.stripe = stripe;
        this.json = json;
        this.clock = clock;
    }

    public boolean enabled() {
        return mode.enabled();
    }

    /** Verifies and applies one call; returns what happened, in a word, for the response. */
    public String receive(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new ProblemException(400, "invalid-signature", "Invalid signature", "The Stripe-Signature header is missing.");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signatureHeader, config.stripe().webhookSecret().orElseThrow(), TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw new ProblemException(400, "invalid-signature", "Invalid signature",
                    "The Stripe-Signature header does not match this body, or its timestamp is more than 300 s away.");
        }
        StripeEvent event = parse(payload);
        if (!event.handled()) {
            return "ignored";
        }
        StripeEventApplier.Outcome outcome = applier.apply(event, null);
        if (outcome == StripeEventApplier.Outcome.NEEDS_READ_BACK) {
            // Outside any transaction: no row is locked while Stripe answers.
            JsonNode now = stripe.subscription(event.subscriptionId().orElseThrow());
            outcome = applier.apply(event, now);
        }
        LOG.debugf("Stripe event %s (%s): %s", event.id(), event.type(), outcome);
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    private StripeEvent parse(String payload) {
        try {
            StripeEvent event = StripeEvent.parse(json.readTree(payload));
            if (event != null) {
                return event;
            }
        } catch (JsonProcessingException e) {
            // answered below
        }
        throw new ProblemException(400, "malformed-event", "Malformed event", "The body is not a Stripe event (id, type, created, data.object).");
    }
}
