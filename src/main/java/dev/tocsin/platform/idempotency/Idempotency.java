package dev.tocsin.platform.idempotency;

import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.platform.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on POST: the first response for a key is stored with the change, in the
 * same transaction, and replayed for 24 hours; the same key with another body is refused. Two
 * concurrent requests with one key cannot both act: the second insert waits on the first's row.
 */
@ApplicationScoped
public class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);

    private final EntityManager em;
    private final Clock clock;

    Idempotency(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** A response to send: the first one made for this key, or the one just made. */
    public record Stored(int status, String body, boolean replayed) {
    }

    /** An action that returns its response status and body (already serialised). */
    public record Outcome(int status, String body) {
    }

    @Transactional
    public Stored execute(UUID accountId, String key, String requestBody, Supplier<Outcome> action) {
        if (key.isBlank() || key.length() > 255) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        byte[] hash = Secrets.sha256(requestBody == null ? "" : requestBody);
        em.createNativeQuery("delete from idempotency_keys where account_id = ?1 and key = ?2 and created_at < ?3")
                .setParameter(1, accountId).setParameter(2, key).setParameter(3, clock.instant().minus(RETENTION))
                .executeUpdate();
        int claimed = em.createNativeQuery("""
                        insert into idempotency_keys (account_id, key, request_hash, created_at) values (?1, ?2, ?3, ?4)
                        on conflict (account_id, key) do nothing""")
                .setParameter(1, accountId).setParameter(2, key).setParameter(3, hash).setParameter(4, clock.instant())
                .executeUpdate();
        if (claimed == 0) {
            return replay(accountId, key, hash);
        }
        Outcome outcome = action.get();
        em.createNativeQuery("update idempotency_keys set response_status = ?3, response_body = ?4 where account_id = ?1 and key = ?2")
                .setParameter(1, accountId).setParameter(2, key).setParameter(3, outcome.status()).setParameter(4, outcome.body())
                .executeUpdate();
        return new Stored(outcome.status(), outcome.body(), false);
    }

    private Stored replay(UUID accountId, String key, byte[] hash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select request_hash, response_status, response_body from idempotency_keys where account_id = ?1 and key = ?2")
                .setParameter(1, accountId).setParameter(2, key).getResultList();
        Optional<Object[]> row = rows.stream().findFirst();
        if (row.isEmpty() || row.get()[1] == null) {
            throw ProblemException.conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        if (!MessageDigest.isEqual((byte[]) row.get()[0], hash)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used within 24 hours with a different request body.");
        }
        return new Stored(((Number) row.get()[1]).intValue(), (String) row.get()[2], true);
    }

    /** Forgets keys older than the retention. */
    @Transactional
    public int purge() {
        return em.createNativeQuery("delete from idempotency_keys where created_at < ?1")
                .setParameter(1, clock.instant().minus(RETENTION)).executeUpdate();
    }
}
