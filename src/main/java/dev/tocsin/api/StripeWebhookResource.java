package dev.tocsin.api;

import dev.tocsin.billing.StripeWebhooks;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /webhooks/stripe}: Stripe's calls, authenticated by their signature over the raw body
 * (so the body is taken as a string, never re-serialized). 404 while billing is off.
 */
@Path("/webhooks/stripe")
public class StripeWebhookResource {

    private final StripeWebhooks webhooks;

    StripeWebhookResource(StripeWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> receive(String payload, @HeaderParam("Stripe-Signature") String signature) {
        if (!webhooks.enabled()) {
            throw ProblemException.notFound("Billing is off on this server.");
        }
        return Map.of("received", webhooks.receive(payload == null ? "" : payload, signature));
    }
}
