package dev.tocsin.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person, identified by email; may belong to several accounts through memberships. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String email;

    /** Null for users who only ever signed in through single sign-on. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }
}
