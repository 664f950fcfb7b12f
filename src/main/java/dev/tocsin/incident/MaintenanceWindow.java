package dev.tocsin.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A time range in which signals of a monitor (or a provider's, or all monitors) open nothing. */
@Entity
@Table(name = "maintenance_windows")
public class MaintenanceWindow extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The one monitor covered; with {@code provider} also null, every monitor of the account. */
    @Column(name = "monitor_id")
    public UUID monitorId;

    public String provider;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(nullable = false)
    public String reason;

    /** api, or statuspage for windows imported from a vendor's scheduled maintenance. */
    @Column(nullable = false)
    public String source;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the end of the window was handled (see {@link MaintenanceEnds}); null until then. */
    @Column(name = "closed_at")
    public Instant closedAt;

    /**
     * The SQL condition, on {@code signals s join monitors m}, for the signals this window covers, with
     * {@link #scopeValue()} bound as {@code ?4}: one monitor's, one provider's, or the whole account's.
     */
    String signalScope() {
        return monitorId != null ? "s.monitor_id = ?4" : provider != null ? "m.provider = ?4" : "?4 = ''";
    }

    Object scopeValue() {
        return monitorId != null ? monitorId : provider != null ? provider : "";
    }
}
