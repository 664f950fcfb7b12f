package dev.tocsin.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The tenant: every other row belongs to exactly one account. */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Convert(converter = CodedEnums.PlanColumn.class)
    @Column(nullable = false)
    public Plan plan;

    @Convert(converter = CodedEnums.SubscriptionStateColumn.class)
    @Column(name = "subscription_state", nullable = false)
    public SubscriptionState subscriptionState;

    @Column(name = "trial_ends_at")
    public Instant trialEndsAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
