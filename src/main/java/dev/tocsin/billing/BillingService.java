package dev.tocsin.billing;

import dev.tocsin.account.AccountCreated;
import dev.tocsin.account.Entitlements;
import dev.tocsin.account.Role;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An account's subscription as users see it, and the way to pay: Checkout to upgrade, the customer
 * portal to manage the card or cancel. Stripe is called outside any transaction.
 */
@ApplicationScoped
public class BillingService {

    private final BillingMode mode;
    private final PlanLimits limits;
    private final StripeGateway stripe;
    private final Monitors monitors;
    private final TocsinConfig config;
    private final Clock clock;

    BillingService(BillingMode mode, PlanLimits limits, StripeGateway stripe, Monitors monitors, TocsinConfig config, Clock clock) {
        this.mode = mode;
        this.limits = limits;
        this.stripe = stripe;
        this.monitors = monitors;
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return mode.enabled();
    }

    /** Every account starts in trial, in the transaction that created it (first, before its default channel). */
    @Transactional(Transactional.TxType.MANDATORY)
    void onAccountCreated(@Observes @Priority(100) AccountCreated created) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Subscription s = new Subscription();
        s.accountId = created.accountId();
        s.plan = Plan.TRIAL;
        s.state = SubscriptionState.TRIALING;
        s.trialEndsAt = now.plus(config.trialDays(), ChronoUnit.DAYS);
        s.updatedAt = now;
        s.persist();
    }

    public record PausedMonitor(UUID id, String name, String why) {
    }

    /** What {@code GET /api/v1/subscription} and the billing page show. */
    public record View(Plan plan, SubscriptionState state, Instant trialEndsAt, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
                       Entitlements.Limits limits, List<String> channelTypes, long activeMonitors, long trialDaysLeft, boolean hasCustomer, List<PausedMonitor> paused) {
    }

    public View view(UUID accountId) {
        Subscription s = subscription(accountId);
        Entitlements.Limits l = limits.of(s);
        List<PausedMonitor> paused = monitors.pausedByBilling(accountId).stream()
                .map(m -> new PausedMonitor(m.id, m.name, whyPaused(m, l))).toList();
        return new View(s.plan, s.state, s.trialEndsAt, s.currentPeriodEnd, s.cancelAtPeriodEnd, l,
                l.channelTypes().stream().sorted().toList(), monitors.countActive(accountId),
                daysLeft(s), s.stripeCustomerId != null, paused);
    }

    /** Days left in a running trial, rounded up (a trial ending in 3 h has 1 day left); 0 otherwise. */
    public long daysLeft(Subscription s) {
        if (s.state != SubscriptionState.TRIALING || s.trialEndsAt == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), s.trialEndsAt);
        return left.isNegative() || left.isZero() ? 0 : (left.toSeconds() + 86_399) / 86_400;
    }

    private static String whyPaused(Monitor m, Entitlements.Limits l) {
        return m.pausedBy == dev.tocsin.monitor.PausedBy.PLAN
                ? "over the " + l.plan() + " plan's limit of " + l.monitors() + " monitors"
                : "the subscription is not in good standing";
    }

    /** A Stripe Checkout page for the Pro plan; owners only. The Stripe customer is created once and reused. */
    public String checkout(UUID accountId, Role role, String accountName, String ownerEmail) {
        requireOwner(role);
        Subscription s = subscription(accountId);
        if (s.state == SubscriptionState.ACTIVE && s.stripeSubscriptionId != null) {
            throw new ProblemException(409, "already-subscribed", "Already subscribed",
                    "This account already pays for Pro; manage the card or cancel from the customer portal.");
        }
        String customer = Optional.ofNullable(s.stripeCustomerId)
                .orElseGet(() -> linkCustomer(accountId, stripe.createCustomer(accountId, accountName, ownerEmail)));
        return stripe.checkoutUrl(accountId, customer, config.publicUrl() + "/app/billing");
    }

    /** The Stripe customer portal; owners only, once the account has a Stripe customer. */
    public String portal(UUID accountId, Role role) {
        requireOwner(role);
        Subscription s = subscription(accountId);
        if (s.stripeCustomerId == null) {
            throw new ProblemException(409, "no-subscription", "Nothing to manage yet",
                    "This account has never paid; upgrade first with POST /api/v1/subscription/checkout.");
        }
        return stripe.portalUrl(s.stripeCustomerId, config.publicUrl() + "/app/billing");
    }

    /** Keeps the first customer stored: two concurrent first checkouts got the same one from Stripe anyway. */
    private String linkCustomer(UUID accountId, String customerId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Subscription s = Subscription.findById(accountId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (s.stripeCustomerId == null) {
                s.stripeCustomerId = customerId;
                s.updatedAt = clock.instant();
            }
            return s.stripeCustomerId;
        });
    }

    public Subscription subscription(UUID accountId) {
        return Subscription.<Subscription>findByIdOptional(accountId)
                .orElseThrow(() -> ProblemException.notFound("No subscription for account " + accountId + "."));
    }

    private static void requireOwner(Role role) {
        if (role != Role.OWNER) {
            throw ProblemException.forbidden("Only an owner of the account can start or manage its subscription.");
        }
    }
}
