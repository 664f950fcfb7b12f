package dev.tocsin.billing;

import dev.tocsin.account.CodedEnums;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An account's plan and where it stands with payment: what Stripe last told us, and what we did about it. */
@Entity
@Table(name = "subscriptions")
public class Subscription extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Convert(converter = PlanColumn.class)
    @Column(nullable = false)
    public Plan plan;

    @Convert(converter = StateColumn.class)
    @Column(nullable = false)
    public SubscriptionState state;

    @Column(name = "trial_ends_at")
    public Instant trialEndsAt;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @Column(name = "stripe_subscription_id")
    public String stripeSubscriptionId;

    @Column(name = "current_period_end")
    public Instant currentPeriodEnd;

    @Column(name = "cancel_at_period_end", nullable = false)
    public boolean cancelAtPeriodEnd;

    /** Stripe's {@code created} of the newest event applied; an older event is read back from Stripe instead. */
    @Column(name = "stripe_event_at")
    public Instant stripeEventAt;

    @Column(name = "past_due_since")
    public Instant pastDueSince;

    @Column(name = "trial_reminder_sent_at")
    public Instant trialReminderSentAt;

    @Column(name = "trial_ended_sent_at")
    public Instant trialEndedSentAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Converter
    public static final class PlanColumn extends CodedEnums.Column<Plan> {
        public PlanColumn() {
            super(Plan.class);
        }
    }

    @Converter
    public static final class StateColumn extends CodedEnums.Column<SubscriptionState> {
        public StateColumn() {
            super(SubscriptionState.class);
        }
    }
}
