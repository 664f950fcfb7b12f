package dev.tocsin.incident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The last failed probe response of an incident's monitor: what alerts quote and the incident shows. */
@ApplicationScoped
public class LastResponses {

    /** How far before an incident's first signal its failing runs may lie (the runs that confirmed it). */
    private static final Duration LOOKBACK = Duration.ofHours(1);

    /** One probe run that was not up; {@code excerpt} is the start of its body, header values redacted. */
    public record LastResponse(Instant at, Integer httpStatus, Integer latencyMs, String excerpt) {
    }

    private final EntityManager em;

    LastResponses(EntityManager em) {
        this.em = em;
    }

    /**
     * The latest run that was not up of the incident's first failing monitor (or its first monitor), no
     * earlier than an hour before the incident began; empty for an incident no probe saw. The bound keeps
     * the index scan to this incident's runs, not a week of good ones.
     */
    public Optional<LastResponse> of(Incident incident) {
        UUID monitor = !incident.affectedIds.isEmpty() ? incident.affectedIds.get(0)
                : incident.monitorIds.isEmpty() ? null : incident.monitorIds.get(0);
        if (monitor == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select started_at, http_status, latency_ms, body_excerpt from probe_results
                where monitor_id = ?1 and started_at >= ?2 and kept and outcome <> 'up'
                order by started_at desc, id desc limit 1""", Object[].class)
                .setParameter(1, monitor).setParameter(2, incident.firstSeenAt.minus(LOOKBACK)).getResultList();
        return rows.stream().findFirst()
                .map(r -> new LastResponse((Instant) r[0], (Integer) r[1], (Integer) r[2], (String) r[3]));
    }
}
