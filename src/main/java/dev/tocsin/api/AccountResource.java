package dev.tocsin.api;

import dev.tocsin.account.Account;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Caller;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.Role;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.account.Entitlements;
import dev.tocsin.billing.BillingService;
import dev.tocsin.billing.Plan;
import dev.tocsin.billing.Subscription;
import dev.tocsin.billing.SubscriptionState;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/v1/account}: the caller's account, plan, subscription state, usage and limits. */
@Path("/api/v1/account")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final ApiKeys keys;
    private final CurrentCaller caller;
    private final BillingService billing;
    private final Entitlements entitlements;

    AccountResource(AccountService accounts, ApiKeys keys, CurrentCaller caller, BillingService billing, Entitlements entitlements) {
        this.accounts = accounts;
        this.keys = keys;
        this.caller = caller;
        this.billing = billing;
        this.entitlements = entitlements;
    }

    /** How the request authenticated: a key has a scope; a user (later, pages) has a role. */
    public record CallerView(String type, UUID keyId, KeyScope scope, Role role) {
    }

    public record Usage(long members, long apiKeys) {
    }

    /** The plan's limits; null while billing is off (self-hosted: no limits). */
    public record Limits(int monitors, int minIntervalSeconds, List<String> channelTypes) {
    }

    public record AccountView(UUID id, String name, Role role, CallerView caller, Plan plan, SubscriptionState subscriptionState,
                              Instant trialEndsAt, Instant createdAt, Usage usage, Limits limits) {
    }

    @GET
    public AccountView get() {
        Caller me = caller.get();
        Account account = accounts.account(me.accountId());
        Role role = me.role() != null ? me.role()
                : me.userId() == null ? null : accounts.role(account.id, me.userId()).orElse(null);
        CallerView callerView = new CallerView(me.keyId() != null ? "api_key" : "user", me.keyId(), me.scope(), role);
        Subscription subscription = billing.subscription(account.id);
        Limits limits = entitlements.limits(account.id)
                .map(l -> new Limits(l.monitors(), l.minIntervalSeconds(), l.channelTypes().stream().sorted().toList())).orElse(null);
        return new AccountView(account.id, account.name, role, callerView, subscription.plan, subscription.state,
                subscription.trialEndsAt, account.createdAt,
                new Usage(accounts.memberCount(account.id), keys.countActive(account.id)), limits);
    }
}
