package dev.tocsin.billing;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies one verified Stripe event in one short transaction: the event id is inserted first (a replay
 * finds it and changes nothing, on any node), then the account's subscription row is changed under its
 * lock. An event older than the newest one applied is not trusted: the caller reads the subscription
 * back from Stripe, outside any transaction, and applies what Stripe says now.
 */
@ApplicationScoped
class StripeEventApplier {

    enum Outcome { APPLIED, DUPLICATE, NEEDS_READ_BACK, NO_ACCOUNT }

    private final EntityManager em;
    private final Enforcement enforcement;
    private final BillingMails mails;
    private final Clock clock;

    StripeEventApplier(EntityManager em, Enforcement enforcement, BillingMails mails, Clock clock) {
        this.em = em;
        this.enforcement = enforcement;
        this.mails = mails;
        this.clock = clock;
    }

    /**
     * @param readBack the subscription as Stripe has it now, when the caller fetched it because this
     *                 event was stale; null on the first try
     */
    @Transactional
    Outcome apply(StripeEvent event, JsonNode readBack) {
        if (seen(event.id())) {
            return Outcome.DUPLICATE;
        }
        Optional<Subscription> found = subscriptionFor(event);
        if (found.isEmpty()) {
            return record(event, null, "no Tocsin account for this customer") ? Outcome.NO_ACCOUNT : Outcome.DUPLICATE;
        }
        Subscription s = found.get();
        // Checked again under the row lock: a concurrent delivery of this event may have committed meanwhile.
        if (seen(event.id())) {
            return Outcome.DUPLICATE;
        }
        boolean stale = s.stripeEventAt != null && !event.created().isAfter(s.stripeEventAt);
        if (stale && readBack == null && changesState(event) && event.subscriptionId().isPresent()) {
            return Outcome.NEEDS_READ_BACK;
        }
        if (!record(event, s.accountId, null)) {
            return Outcome.DUPLICATE;
        }
        String before = s.state.code();
        if (readBack != null) {
            applySnapshot(s, SubscriptionSnapshot.of(readBack), event);
        } else if (!stale) {
            applyFresh(s, event);
            s.stripeEventAt = event.created();
        } else {
            linkIds(s, event);
        }
        s.updatedAt = clock.instant();
        enforcement.apply(s);
        note(event.id(), before.equals(s.state.code()) ? "state " + before + " kept" : "state " + before + " → " + s.state.code());
        return Outcome.APPLIED;
    }

    private static boolean changesState(StripeEvent event) {
        return !event.type().equals("customer.subscription.trial_will_end");
    }

    private void applyFresh(Subscription s, StripeEvent event) {
        linkIds(s, event);
        switch (event.type()) {
            case "checkout.session.completed" -> {
                String paid = event.object().path("payment_status").asText();
                if (paid.equals("paid") || paid.equals("no_payment_required")) {
                    activate(s);
                }
            }
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
                    applySnapshot(s, SubscriptionSnapshot.of(event.object()), event);
            case "invoice.paid" -> activate(s);
            case "invoice.payment_failed" -> {
                if (s.state == SubscriptionState.ACTIVE || s.state == SubscriptionState.PAST_DUE) {
                    pastDue(s, event.created());
                    mails.paymentFailed(s.accountId, event.id());
                }
            }
            default -> {
                // trial_will_end: Tocsin's own trial needs no card and sends its own reminders.
            }
        }
    }

    private void applySnapshot(Subscription s, SubscriptionSnapshot sub, StripeEvent event) {
        if (s.stripeSubscriptionId != null && !s.stripeSubscriptionId.equals(sub.id())
                && sub.state().orElse(null) != SubscriptionState.ACTIVE) {
            // Another, older subscription of the customer ending must not cancel the current one.
            return;
        }
        s.stripeSubscriptionId = sub.id();
        sub.currentPeriodEnd().ifPresent(end -> s.currentPeriodEnd = end);
        s.cancelAtPeriodEnd = sub.cancelAtPeriodEnd();
        SubscriptionState state = sub.state().orElse(s.state);
        switch (state) {
            case ACTIVE -> activate(s);
            case PAST_DUE -> pastDue(s, event.created());
            case CANCELED -> s.state = SubscriptionState.CANCELED;
            default -> {
            }
        }
    }

    private static void activate(Subscription s) {
        s.plan = Plan.PRO;
        s.state = SubscriptionState.ACTIVE;
        s.pastDueSince = null;
    }

    private static void pastDue(Subscription s, Instant since) {
        s.plan = Plan.PRO;
        if (s.state != SubscriptionState.PAST_DUE || s.pastDueSince == null) {
            s.pastDueSince = since;
        }
        s.state = SubscriptionState.PAST_DUE;
    }

    /** Ids are facts, whatever the order: fill in what is missing. */
    private static void linkIds(Subscription s, StripeEvent event) {
        if (s.stripeCustomerId == null) {
            event.customer().ifPresent(c -> s.stripeCustomerId = c);
        }
        if (s.stripeSubscriptionId == null && !event.type().startsWith("invoice.")) {
            event.subscriptionId().ifPresent(id -> s.stripeSubscriptionId = id);
        }
    }

    private Optional<Subscription> subscriptionFor(StripeEvent event) {
        Optional<UUID> account = event.accountId();
        if (account.isPresent()) {
            Subscription s = em.find(Subscription.class, account.get(), LockModeType.PESSIMISTIC_WRITE);
            if (s != null) {
                return Optional.of(s);
            }
        }
        Optional<UUID> byCustomer = event.customer().flatMap(c -> Subscription.<Subscription>find("stripeCustomerId", c)
                .firstResultOptional().map(s -> s.accountId));
        Optional<UUID> id = byCustomer.or(() -> event.subscriptionId().flatMap(sub -> Subscription.<Subscription>find("stripeSubscriptionId", sub)
                .firstResultOptional().map(s -> s.accountId)));
        return id.map(a -> em.find(Subscription.class, a, LockModeType.PESSIMISTIC_WRITE));
    }

    private boolean seen(String eventId) {
        return ((Number) em.createNativeQuery("select count(*) from stripe_events where id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue() > 0;
    }

    /** The insert is the claim: false when another delivery of this event got there first. */
    private boolean record(StripeEvent event, UUID accountId, String outcome) {
        return em.createNativeQuery("""
                insert into stripe_events (id, type, account_id, created_at, received_at, outcome)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (id) do nothing""")
                .setParameter(1, event.id()).setParameter(2, event.type()).setParameter(3, accountId)
                .setParameter(4, event.created()).setParameter(5, clock.instant()).setParameter(6, outcome).executeUpdate() == 1;
    }

    private void note(String eventId, String outcome) {
        em.createNativeQuery("update stripe_events set outcome = ?1 where id = ?2").setParameter(1, outcome).setParameter(2, eventId)
                .executeUpdate();
    }
}
