package dev.tocsin.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A rule over a rolling window of the customer's own calls. The kind's own settings (threshold, status,
 * percentile…) are kept as JSON; {@code breached} holds, per provider the rule is breached for, since when.
 */
@Entity
@Table(name = "usage_rules")
public class UsageRule extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String kind;

    /** Null: every provider the account reports, each on its own. */
    public String provider;

    /** Null: every model of the provider together. */
    public String model;

    @Column(name = "window_seconds", nullable = false)
    public int windowSeconds;

    @Column(name = "min_calls", nullable = false)
    public int minCalls;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> settings;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> breached;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
