package dev.tocsin.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/** What the outbox holds for an account, read in a transaction of its own: the alerts decided so far. */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** The event types of the account's outbox rows, oldest first. */
    public static List<String> eventTypes(EntityManager em, UUID accountId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select event_type from outbox where account_id = ?1 order by created_at", String.class)
                .setParameter(1, accountId).getResultList());
    }
}
