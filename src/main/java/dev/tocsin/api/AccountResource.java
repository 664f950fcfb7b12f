package dev.tocsin.api;

import dev.tocsin.account.Account;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Caller;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.Plan;
import dev.tocsin.account.Role;
import dev.tocsin.account.SubscriptionState;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.platform.TocsinConfig;
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
    private final TocsinConfig config;

    AccountResource(AccountService accounts, ApiKeys keys, CurrentCaller caller, TocsinConfig config) {
        this.accounts = accounts;
        this.keys = keys;
        this.caller = caller;
        this.config = config;
    }

    /** How the request authenticated: a key has a scope; a user (later, pages) has a role. */
    public record CallerView(String type, UUID keyId, KeyScope scope, Role role) {
    }

    public record Usage(long members, long apiKeys) {
    }

    public record Limits(int monitors, int minIntervalSeconds) {
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
        return new AccountView(account.id, account.name, role, callerView, account.plan, account.subscriptionState,
                account.trialEndsAt, account.createdAt,
                new Usage(accounts.memberCount(account.id), keys.countActive(account.id)),
                new Limits(config.plans().monitorLimit(), config.plans().minIntervalSeconds()));
    }
}
