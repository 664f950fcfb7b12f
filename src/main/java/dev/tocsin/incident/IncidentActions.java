package dev.tocsin.incident;

import dev.tocsin.notify.OutboxWriter;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What people do with incidents: list, read, acknowledge and resolve, each scoped to the account. A
 * change takes the incident's key lock, as signal handling does, so a person's resolve and a probe's
 * reopening never interleave.
 */
@ApplicationScoped
public class IncidentActions {

    private final IncidentService service;
    private final OutboxWriter outbox;
    private final AlertData alerts;
    private final Clock clock;

    IncidentActions(IncidentService service, OutboxWriter outbox, AlertData alerts, Clock clock) {
        this.service = service;
        this.outbox = outbox;
        this.alerts = alerts;
        this.clock = clock;
    }

    public Optional<Incident> find(UUID accountId, UUID id) {
        return Incident.find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    public Incident get(UUID accountId, UUID id) {
        return find(accountId, id).orElseThrow(() -> ProblemException.notFound("No incident " + id + "."));
    }

    /** Newest first, optionally in one state. */
    public List<Incident> list(UUID accountId, String state, Keyset after, int limit) {
        String where = "accountId = :account" + (state == null ? "" : " and state = :state");
        Parameters params = Parameters.with("account", accountId);
        if (state != null) {
            params = params.and("state", state);
        }
        if (after != null) {
            where += " and (createdAt < :kt or (createdAt = :kt and id < :kid))";
            params = params.and("kt", after.createdAt()).and("kid", after.id());
        }
        return Incident.<Incident>find(where + " order by createdAt desc, id desc", params).page(0, limit).list();
    }

    /** The newest incidents a monitor took part in, for its page. */
    @SuppressWarnings("unchecked")
    public List<Incident> ofMonitor(UUID accountId, UUID monitorId, int limit) {
        return Incident.getEntityManager().createNativeQuery("""
                select * from incidents where account_id = ?1 and ?2 = any(monitor_ids)
                order by created_at desc, id desc limit ?3""", Incident.class)
                .setParameter(1, accountId).setParameter(2, monitorId).setParameter(3, limit).getResultList();
    }

    public List<IncidentEvent> timeline(UUID incidentId) {
        return IncidentEvent.list("incidentId = ?1 order by at, id", incidentId);
    }

    /** Acknowledges an open incident; acknowledging twice changes nothing and alerts once. */
    @Transactional
    public Incident acknowledge(UUID accountId, UUID id, String actor) {
        Incident incident = locked(accountId, id);
        if ("resolved".equals(incident.state)) {
            throw new ProblemException(409, "incident-resolved", "Incident already resolved",
                    "Incident " + id + " was resolved at " + incident.resolvedAt + "; there is nothing to acknowledge.");
        }
        if ("open".equals(incident.state)) {
            Instant now = clock.instant();
            incident.state = "acknowledged";
            incident.acknowledgedAt = now;
            incident.acknowledgedBy = actor;
            service.event(incident, now, "acknowledged", null, "Acknowledged by " + actor);
            outbox.enqueue(alerts.next(incident), "incident.acknowledged");
        }
        return incident;
    }

    /** Resolves by hand; resolving a resolved incident changes nothing. */
    @Transactional
    public Incident resolve(UUID accountId, UUID id, String actor) {
        Incident incident = locked(accountId, id);
        if (!"resolved".equals(incident.state)) {
            Instant now = clock.instant();
            incident.state = "resolved";
            incident.resolvedAt = now;
            incident.resolvedBy = actor;
            incident.affectedIds = List.of();
            incident.vendorOpen = false;
            service.event(incident, now, "resolved", null, "Resolved by " + actor);
            outbox.enqueue(alerts.next(incident), "incident.resolved");
        }
        return incident;
    }

    private Incident locked(UUID accountId, UUID id) {
        Incident incident = get(accountId, id);
        service.lockKey(accountId, incident.dedupKey);
        return Incident.<Incident>find("id = ?1", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
