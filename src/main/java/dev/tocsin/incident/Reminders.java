package dev.tocsin.incident;

import dev.tocsin.notify.OutboxWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reminds each route of incidents still open (not acknowledged) once its interval has passed since the
 * route last heard of them. One node at a time (an advisory lock); the outbox rows are the memory, so a
 * restart never sends a reminder early or twice.
 */
@ApplicationScoped
public class Reminders {

    private final EntityManager em;
    private final OutboxWriter outbox;
    private final AlertData alerts;
    private final IncidentService incidents;
    private final Clock clock;

    Reminders(EntityManager em, OutboxWriter outbox, AlertData alerts, IncidentService incidents, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.alerts = alerts;
        this.incidents = incidents;
        this.clock = clock;
    }

    @Scheduled(every = "1m", delay = 30, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    /** Writes the reminders due now; returns how many outbox rows. */
    public int runOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!(Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('tocsin.reminders'))").getSingleResult()) {
                return 0;
            }
            Instant now = clock.instant();
            // Only the (incident, route) pairs that are due: a route that never heard of an incident
            // (it did not match, or its channel could not receive then) gets no reminder either. An
            // incident whose monitors are all paused (by the user, or by billing) reminds nobody.
            @SuppressWarnings("unchecked")
            List<Object[]> due = em.createNativeQuery("""
                    select i.id, r.id, r.reminder_seconds, told.last, i.account_id, i.dedup_key from incidents i
                    join routes r on r.account_id = i.account_id and r.reminder_seconds > 0
                    cross join lateral (select max(o.created_at) as last from outbox o
                                        where o.route_id = r.id and o.incident_id = i.id) told
                    where i.state = 'open' and told.last <= cast(?1 as timestamptz) - make_interval(secs => r.reminder_seconds)
                      and (cardinality(i.monitor_ids) = 0
                           or exists (select 1 from monitors m where m.id = any(i.monitor_ids) and not m.paused))
                    order by i.account_id, i.dedup_key, i.id, r.id""", Object[].class)
                    .setParameter(1, now).getResultList();
            int written = 0;
            for (Object[] row : due) {
                // A reminder is an event of the incident like any other: taken under its key and row lock, in
                // the order signal handling takes them, and only if the incident is still open once locked, so
                // it never follows (with a higher sequence) the event that resolved it.
                incidents.lockKey((UUID) row[4], (String) row[5]);
                Incident incident = em.find(Incident.class, row[0], LockModeType.PESSIMISTIC_WRITE);
                UUID routeId = (UUID) row[1];
                Duration interval = Duration.ofSeconds(((Number) row[2]).intValue());
                if (IncidentPolicy.reminderDue(incident.state, (Instant) row[3], interval, now)) {
                    written += outbox.enqueue(alerts.next(incident), "incident.reminder", r -> r.id.equals(routeId));
                }
            }
            return written;
        });
    }
}
