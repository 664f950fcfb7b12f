package dev.tocsin.account.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recorded action in an account. */
@Entity
@Table(name = "audit_events")
public class AuditEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "actor_user_id")
    public UUID actorUserId;

    @Column(name = "actor_key_id")
    public UUID actorKeyId;

    @Column(nullable = false)
    public String action;

    public String target;

    public String ip;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
