package dev.tocsin.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every call Tocsin makes to Stripe's API, through Stripe's own SDK. Never called while a database row
 * is locked: a slow Stripe must not hold up the webhook or the lifecycle job of other accounts.
 */
@ApplicationScoped
class StripeGateway {

    private static final Logger LOG = Logger.getLogger(StripeGateway.class);

    private final BillingConfig config;
    private final ObjectMapper json;
    private volatile StripeClient client;

    StripeGateway(BillingConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    private StripeClient client() {
        if (client == null) {
            client = StripeClient.builder()
                    .setApiKey(config.stripe().secretKey().orElseThrow())
                    .setApiBase(config.stripe().apiBase())
                    .setConnectTimeout(10_000)
                    .setReadTimeout(20_000)
                    .setMaxNetworkRetries(2)
                    .build();
        }
        return client;
    }

    /**
     * The account's Stripe customer. The idempotency key makes two concurrent first checkouts of one
     * account get the same customer from Stripe, so an account never has two.
     */
    String createCustomer(UUID accountId, String accountName, String email) {
        try {
            return client().v1().customers().create(CustomerCreateParams.builder()
                            .setName(accountName).setEmail(email).putMetadata("account_id", accountId.toString()).build(),
                    RequestOptions.builder().setIdempotencyKey("tocsin-customer-" + accountId).build()).getId();
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    String checkoutUrl(UUID accountId, String customerId, String returnUrl) {
        try {
            return client().v1().checkout().sessions().create(SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customerId)
                    .setClientReferenceId(accountId.toString())
                    .addLineItem(SessionCreateParams.LineItem.builder().setPrice(config.stripe().priceId().orElseThrow()).setQuantity(1L).build())
                    .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("account_id", accountId.toString()).build())
                    .setSuccessUrl(returnUrl + "?checkout=success")
                    .setCancelUrl(returnUrl + "?checkout=canceled")
                    .build()).getUrl();
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    String portalUrl(String customerId, String returnUrl) {
        try {
            return client().v1().billingPortal().sessions().create(com.stripe.param.billingportal.SessionCreateParams.builder()
                    .setCustomer(customerId).setReturnUrl(returnUrl).build()).getUrl();
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    /** The subscription as Stripe has it now, as raw JSON (the SDK's typed view depends on its API version). */
    JsonNode subscription(String subscriptionId) {
        try {
            return json.readTree(client().v1().subscriptions().retrieve(subscriptionId).getLastResponse().body());
        } catch (StripeException e) {
            throw unavailable(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stripe answered a subscription that is not JSON", e);
        }
    }

    /** Stripe's message may name our key's prefix or the customer: logged by code, answered in general terms. */
    private static ProblemException unavailable(StripeException e) {
        LOG.warnf("Stripe refused or did not answer a call: %s (code %s, status %s)", e.getClass().getSimpleName(), e.getCode(), e.getStatusCode());
        return new ProblemException(502, "payment-provider-unavailable", "Payment provider unavailable",
                "Stripe did not complete the request. Nothing was charged; try again in a minute.");
    }
}
