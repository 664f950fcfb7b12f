package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.account.Account;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Caller;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import dev.tocsin.billing.BillingService;
import dev.tocsin.billing.Plan;
import dev.tocsin.billing.SubscriptionState;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/subscription}: the plan, its limits and usage, and the ways to pay. Answers 404 while
 * billing is off (self-hosted): there is nothing to buy.
 */
@Path("/api/v1/subscription")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final BillingService billing;
    private final AccountService accounts;
    private final CurrentCaller caller;

    SubscriptionResource(BillingService billing, AccountService accounts, CurrentCaller caller) {
        this.billing = billing;
        this.accounts = accounts;
        this.caller = caller;
    }

    public record Limits(int monitors, int minIntervalSeconds, List<String> channelTypes) {
    }

    public record Usage(long monitors) {
    }

    public record PausedMonitor(UUID id, String name, String why) {
    }

    public record SubscriptionView(Plan plan, SubscriptionState state, Instant trialEndsAt, Instant currentPeriodEnd,
                                   boolean cancelAtPeriodEnd, Limits limits, Usage usage, List<PausedMonitor> pausedMonitors) {
    }

    public record Url(String url) {
    }

    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "404", description = "Billing is off on this server (self-hosted)")
    @GET
    public SubscriptionView get() {
        requireBilling();
        BillingService.View v = billing.view(caller.get().accountId());
        return new SubscriptionView(v.plan(), v.state(), v.trialEndsAt(), v.currentPeriodEnd(), v.cancelAtPeriodEnd(),
                new Limits(v.limits().monitors(), v.limits().minIntervalSeconds(), v.limits().channelTypes().stream().sorted().toList()),
                new Usage(v.activeMonitors()),
                v.paused().stream().map(p -> new PausedMonitor(p.id(), p.name(), p.why())).toList());
    }

    /** A Stripe Checkout page for the Pro plan; owners only. */
    @APIResponse(responseCode = "200", description = "The Stripe Checkout page to send the owner to", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Url.class)))
    @APIResponse(responseCode = "404", description = "Billing is off on this server (self-hosted)")
    @APIResponse(responseCode = "409", description = "The account already pays for Pro (type already-subscribed)")
    @APIResponse(responseCode = "502", description = "Stripe could not be reached or refused (type payment-provider-unavailable)")
    @POST
    @Path("checkout")
    public Url checkout() {
        requireBilling();
        Caller me = caller.get();
        Account account = accounts.account(me.accountId());
        String email = me.userId() == null ? null : User.<User>findByIdOptional(me.userId()).map(u -> u.email).orElse(null);
        return new Url(billing.checkout(account.id, role(me), account.name, email));
    }

    /** The Stripe customer portal (card, invoices, cancel); owners only. */
    @APIResponse(responseCode = "200", description = "The Stripe customer portal to send the owner to", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Url.class)))
    @APIResponse(responseCode = "404", description = "Billing is off on this server (self-hosted)")
    @APIResponse(responseCode = "409", description = "No subscription to manage before a first checkout (type no-subscription)")
    @APIResponse(responseCode = "502", description = "Stripe could not be reached or refused (type payment-provider-unavailable)")
    @POST
    @Path("portal")
    public Url portal() {
        requireBilling();
        Caller me = caller.get();
        return new Url(billing.portal(me.accountId(), role(me)));
    }

    private Role role(Caller me) {
        return me.role() != null ? me.role() : me.userId() == null ? null : accounts.role(me.accountId(), me.userId()).orElse(null);
    }

    private void requireBilling() {
        if (!billing.enabled()) {
            throw ProblemException.notFound("Billing is off on this server (self-hosted): there is no subscription.");
        }
    }
}
