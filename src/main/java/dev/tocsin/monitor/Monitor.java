package dev.tocsin.monitor;

import dev.tocsin.account.CodedEnums;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Something an account watches, with every probe setting resolved (no nulls for defaults). The probe
 * engine's confirmation state lives in columns this entity leaves unmapped, and updates are dynamic,
 * so saving a settings change never writes back a stale status or check time.
 */
@Entity
@DynamicUpdate
@Table(name = "monitors")
public class Monitor extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String name;

    @Convert(converter = TypeColumn.class)
    @Column(nullable = false)
    public MonitorType type;

    /** Catalog id for provider monitors. */
    public String provider;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String method;

    /** Header names with masked values, for display; the values themselves are in {@link #sealedHeaders}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> headers;

    /** The headers in clear, encrypted ({@link SealedHeaders}); null when there are none. */
    @Column(name = "sealed_headers")
    public byte[] sealedHeaders;

    /** Encrypted with {@code CredentialCipher}, the monitor id as associated data. */
    public byte[] credential;

    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;

    @Column(name = "timeout_ms", nullable = false)
    public int timeoutMs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "expect_status", nullable = false)
    public List<Integer> expectStatus;

    @Column(name = "max_latency_ms", nullable = false)
    public int maxLatencyMs;

    @Column(name = "body_contains")
    public String bodyContains;

    @Column(name = "tls_expiry_days", nullable = false)
    public int tlsExpiryDays;

    @Column(name = "failure_threshold", nullable = false)
    public int failureThreshold;

    @Column(name = "success_threshold", nullable = false)
    public int successThreshold;

    @Column(name = "flap_threshold", nullable = false)
    public int flapThreshold;

    @Column(name = "flap_window_seconds", nullable = false)
    public int flapWindowSeconds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> components;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> models;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> tags;

    @Column(nullable = false)
    public boolean paused;

    /** Regions it is probed from; empty: any one node probes it, as before regions existed. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> regions = List.of();

    /** How many regions must agree to confirm DOWN or DEGRADED; null without regions. */
    public Integer quorum;

    /** Who paused it, when paused (the schema keeps the two in step). */
    @Convert(converter = PausedByColumn.class)
    @Column(name = "paused_by")
    public PausedBy pausedBy;

    @Convert(converter = StatusColumn.class)
    @Column(nullable = false)
    public MonitorStatus status;

    /** The probe target this monitor's runs come from; set by the probe schedule. */
    @Column(name = "target_id")
    public UUID targetId;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Converter
    public static final class TypeColumn extends CodedEnums.Column<MonitorType> {
        public TypeColumn() {
            super(MonitorType.class);
        }
    }

    @Converter
    public static final class PausedByColumn extends CodedEnums.Column<PausedBy> {
        public PausedByColumn() {
            super(PausedBy.class);
        }
    }

    @Converter
    public static final class StatusColumn extends CodedEnums.Column<MonitorStatus> {
        public StatusColumn() {
            super(MonitorStatus.class);
        }
    }
}
