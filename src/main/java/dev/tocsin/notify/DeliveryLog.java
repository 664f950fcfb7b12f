package dev.tocsin.notify;

import dev.tocsin.platform.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads deliveries and their attempts, scoped to an account. */
@ApplicationScoped
public class DeliveryLog {

    private final EntityManager em;

    DeliveryLog(EntityManager em) {
        this.em = em;
    }

    /** One delivery: which event to which channel, where it stands, and every attempt. */
    public record Entry(UUID id, UUID incidentId, UUID channelId, String channelType, String eventType, String status,
            int attempts, Instant nextAttemptAt, String lastError, Integer lastStatus, Instant createdAt, Instant deliveredAt,
            List<Attempt> log) {
    }

    public record Attempt(int attempt, Instant at, String outcome, Integer httpStatus, String error, int durationMs) {
    }

    public List<Entry> list(UUID accountId, UUID incidentId, Keyset after, int limit) {
        String where = "o.account_id = ?1" + (incidentId == null ? "" : " and o.incident_id = ?2")
                + (after == null ? "" : " and (o.created_at < ?3 or (o.created_at = ?3 and o.id < ?4))");
        var query = em.createNativeQuery(select() + " where " + where + " order by o.created_at desc, o.id desc limit " + limit,
                Object[].class).setParameter(1, accountId);
        if (incidentId != null) {
            query.setParameter(2, incidentId);
        }
        if (after != null) {
            query.setParameter(3, after.createdAt()).setParameter(4, after.id());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(this::entry).toList();
    }

    public Optional<Entry> find(UUID accountId, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(select() + " where o.account_id = ?1 and o.id = ?2", Object[].class)
                .setParameter(1, accountId).setParameter(2, id).getResultList();
        return rows.stream().findFirst().map(this::entry);
    }

    private static String select() {
        return """
                select o.id, o.incident_id, o.channel_id, c.type, o.event_type, o.status, o.attempts, o.next_attempt_at,
                       o.last_error, o.last_status, o.created_at, o.delivered_at
                from outbox o join channels c on c.id = o.channel_id""";
    }

    private Entry entry(Object[] r) {
        UUID id = (UUID) r[0];
        @SuppressWarnings("unchecked")
        List<Object[]> attempts = em.createNativeQuery("""
                select attempt, at, outcome, http_status, error, duration_ms from delivery_attempts
                where outbox_id = ?1 order by attempt, id""", Object[].class).setParameter(1, id).getResultList();
        return new Entry(id, (UUID) r[1], (UUID) r[2], (String) r[3], (String) r[4], (String) r[5], (Integer) r[6],
                "pending".equals(r[5]) ? (Instant) r[7] : null, (String) r[8], (Integer) r[9], (Instant) r[10], (Instant) r[11],
                attempts.stream().map(a -> new Attempt((Integer) a[0], (Instant) a[1], (String) a[2], (Integer) a[3],
                        (String) a[4], (Integer) a[5])).toList());
    }
}
