package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.billing.StripeWebhooks;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

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

    @APIResponse(responseCode = "200", description = "The event was taken (or had been already)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Received.class)))
    @APIResponse(responseCode = "400", description = "Missing or wrong Stripe-Signature, or not a Stripe event (types invalid-signature, malformed-event)")
    @APIResponse(responseCode = "404", description = "Billing is off on this server")
    @APIResponse(responseCode = "500", description = "A fault on our side; Stripe retries (type internal)")
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Received receive(@RequestBody(description = "Stripe's event exactly as Stripe signed it",
                                         content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
                            String payload,
                            @Parameter(description = "t=<unix time>,v1=<hex HMAC-SHA256>", required = true)
                            @HeaderParam("Stripe-Signature") String signature) {
        if (!webhooks.enabled()) {
            throw ProblemException.notFound("Billing is off on this server.");
        }
        return new Received(webhooks.receive(payload == null ? "" : payload, signature));
    }

    /** What Stripe gets back: how the event was taken (for its dashboard, not for any logic). */
    @Schema(name = "StripeEventReceived")
    public record Received(String received) {
    }
}
