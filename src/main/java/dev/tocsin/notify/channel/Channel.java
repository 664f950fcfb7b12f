package dev.tocsin.notify.channel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Where an account's alerts go: an email address, a webhook URL, Slack, Discord or PagerDuty. */
@Entity
@Table(name = "channels")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String name;

    /** email, webhook, slack, discord or pagerduty. */
    @Column(nullable = false)
    public String type;

    /**
     * The address or URL; for Slack, Discord and PagerDuty, whose URL or key is itself a credential, a
     * masked form only ({@code https://hooks.slack.com/…/XXXX}), the real one being {@link #sealedTarget}.
     */
    @Column(nullable = false)
    public String target;

    /** The Slack or Discord webhook URL or PagerDuty routing key, encrypted (the channel id as associated data). */
    @Column(name = "sealed_target")
    public byte[] sealedTarget;

    /** The webhook signing secret, encrypted; never returned after creation. */
    public byte[] secret;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    /** When the recipient unsubscribed; until they confirm again, the channel receives nothing. */
    @Column(name = "unsubscribed_at")
    public Instant unsubscribedAt;

    @Column(name = "created_by")
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
