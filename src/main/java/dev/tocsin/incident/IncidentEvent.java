package dev.tocsin.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of an incident's timeline: a signal folded in, or a transition. */
@Entity
@Table(name = "incident_events")
public class IncidentEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(nullable = false)
    public Instant at;

    /** opened, reopened, signal, raised, confirmed, recovered, suppressed, region, acknowledged, resolved. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "monitor_id")
    public UUID monitorId;

    public String severity;

    public String cause;

    @Column(nullable = false)
    public String detail;

    static IncidentEvent of(UUID incident, Instant at, String kind, UUID monitor, String severity, String cause, String detail) {
        IncidentEvent e = new IncidentEvent();
        e.incidentId = incident;
        e.at = at;
        e.kind = kind;
        e.monitorId = monitor;
        e.severity = severity;
        e.cause = cause;
        e.detail = detail;
        return e;
    }
}
