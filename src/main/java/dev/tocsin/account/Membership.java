package dev.tocsin.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A user's role in one account. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Convert(converter = CodedEnums.RoleColumn.class)
    @Column(nullable = false)
    public Role role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A user's membership in one account, if any: the one tenant-scoped lookup of a role. */
    public static Optional<Membership> of(UUID accountId, UUID userId) {
        return find("accountId = ?1 and userId = ?2", accountId, userId).firstResultOptional();
    }

    public record Key(UUID accountId, UUID userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
