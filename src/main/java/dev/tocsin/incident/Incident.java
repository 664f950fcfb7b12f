package dev.tocsin.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One deduplicated problem of an account (product.md §4); V5__incidents.sql documents each column. */
@Entity
@Table(name = "incidents")
public class Incident extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "dedup_key", nullable = false)
    public String dedupKey;

    public String provider;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "monitor_ids", nullable = false)
    public List<UUID> monitorIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "affected_ids", nullable = false)
    public List<UUID> affectedIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> tags;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String cause;

    @Column(nullable = false)
    public String reason;

    public String remedy;

    /** {@code degraded} or {@code down}; it only ever rises. */
    @Column(nullable = false)
    public String severity;

    /** {@code open}, {@code acknowledged} or {@code resolved}. */
    @Column(nullable = false)
    public String state;

    @Column(name = "vendor_incident")
    public String vendorIncident;

    /** The host of the status page that confirmed it, e.g. {@code status.mistral.ai}. */
    @Column(name = "vendor_page")
    public String vendorPage;
    @Column(name = "vendor_open", nullable = false)
    public boolean vendorOpen;

    @Column(name = "signal_count", nullable = false)
    public int signalCount;

    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "alerted_at")
    public Instant alertedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean isOpen() {
        return !"resolved".equals(state);
    }
}
