package dev.tocsin.platform.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.wakeup.DatabaseWakeups;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Mail that is not an incident alert (account and billing mails), queued in the transaction that
 * decided it and sent after that transaction commits: a rolled-back sign-up sends nothing, and a node
 * that dies after the commit leaves the mail for another. Each queued row is tried at once after the
 * commit, by this node and, through the database's wake-up, by every other; the poll picks up
 * whatever that missed. A claim takes rows {@code FOR UPDATE SKIP LOCKED}
 * and pushes their next attempt a lease ahead, so two nodes never send one row at the same time.
 * The message is encrypted at rest (it may hold a reset link) and dropped once sent.
 */
@ApplicationScoped
public class MailOutbox {

    private static final Logger LOG = Logger.getLogger(MailOutbox.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;
    private static final String CHANNEL = "tocsin_mail_outbox";

    private final EntityManager em;
    private final CredentialCipher cipher;
    private final MailSender sender;
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;
    private final DatabaseWakeups wakeups;
    /** A run is queued on the worker and has not started: further requests join it. */
    private final AtomicBoolean runQueued = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tocsin-mail-outbox");
        thread.setDaemon(true);
        return thread;
    });

    MailOutbox(EntityManager em, CredentialCipher cipher, MailSender sender, ObjectMapper json,
               TransactionSynchronizationRegistry transactions, Clock clock, DatabaseWakeups wakeups) {
        this.em = em;
        this.cipher = cipher;
        this.sender = sender;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
        this.wakeups = wakeups;
    }

    /**
     * Queues a mail in the caller's transaction. With a {@code dedupKey}, a second mail for the same
     * purpose is not queued (returns false), whichever node tries.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enqueue(OutgoingMail mail, String kind, UUID accountId, String dedupKey) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        int rows = em.createNativeQuery("""
                insert into mail_outbox (id, account_id, dedup_key, kind, message, next_attempt_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?6) on conflict (dedup_key) do nothing""")
                .setParameter(1, id).setParameter(2, accountId).setParameter(3, dedupKey).setParameter(4, kind)
                .setParameter(5, cipher.encrypt(toJson(mail), id.toString())).setParameter(6, now).executeUpdate();
        if (rows == 1) {
            transactions.registerInterposedSynchronization(new SendAfterCommit());
        }
        return rows == 1;
    }

    /** Sends the mails due now; returns how many were tried. Called by the poll and after commits. */
    public int runDue() {
        List<Object[]> claimed = claim();
        for (Object[] row : claimed) {
            send((UUID) row[0], (byte[]) row[1], ((Number) row[2]).intValue());
        }
        return claimed.size();
    }

    @Scheduled(every = "${tocsin.mail.outbox-poll:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        runDue();
    }

    void onStart(@Observes StartupEvent event) {
        wakeups.subscribe(CHANNEL, this::requestRun);
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> claim() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                with due as (
                    select id from mail_outbox where status = 'pending' and next_attempt_at <= ?1
                    order by next_attempt_at limit ?2 for update skip locked)
                update mail_outbox m set attempts = m.attempts + 1, next_attempt_at = ?3
                from due where m.id = due.id
                returning m.id, m.message, m.attempts""")
                .setParameter(1, now).setParameter(2, BATCH).setParameter(3, now.plus(LEASE)).getResultList());
    }

    private void send(UUID id, byte[] sealed, int attempt) {
        Optional<String> error;
        boolean permanent = false;
        try {
            sender.send(json.readValue(cipher.decrypt(sealed, id.toString()), OutgoingMail.class));
            error = Optional.empty();
        } catch (MailSender.MailException e) {
            permanent = e.permanent();
            error = Optional.of(permanent ? "the mail server refused the recipient or the message" : "the mail server could not be reached or deferred the mail");
        } catch (JsonProcessingException | RuntimeException e) {
            // Only the type: a message could quote the address or a link.
            LOG.errorf("Mail %s cannot be read or built (%s)", id, e.getClass().getName());
            permanent = true;
            error = Optional.of("the queued mail cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        record(id, attempt, error, permanent);
    }

    /** Fenced by the attempt number, so a node whose lease ran out cannot overwrite a newer attempt. */
    private void record(UUID id, int attempt, Optional<String> error, boolean permanent) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            if (error.isEmpty()) {
                em.createNativeQuery("update mail_outbox set status = 'sent', sent_at = ?1, message = null, last_error = null"
                                + " where id = ?2 and attempts = ?3")
                        .setParameter(1, now).setParameter(2, id).setParameter(3, attempt).executeUpdate();
                return;
            }
            boolean last = permanent || attempt >= MAX_ATTEMPTS;
            if (last) {
                LOG.warnf("Mail %s given up after %d attempts: %s", id, attempt, error.get());
            }
            em.createNativeQuery("update mail_outbox set status = ?1, last_error = ?2, next_attempt_at = ?3"
                            + " where id = ?4 and attempts = ?5")
                    .setParameter(1, last ? "failed" : "pending").setParameter(2, error.get())
                    .setParameter(3, now.plus(backoff(attempt))).setParameter(4, id).setParameter(5, attempt).executeUpdate();
        });
    }

    /** 30 s, 1 min, 2 min … at most an hour: about a day over the attempts allowed. */
    static Duration backoff(int attempt) {
        return Duration.ofSeconds(Math.min(3600, 30L << Math.min(attempt - 1, 10)));
    }

    /**
     * Sends what is due on the worker, off the calling thread, claiming until a claim comes back short.
     * Requests made before the queued run starts share it: a burst of commits and their wake-ups make
     * one run, which must then take the whole burst, not one batch of it.
     */
    private void requestRun() {
        if (!runQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                runQueued.set(false);
                try {
                    while (runDue() == BATCH) {
                        // a full batch: there may be more
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Sending queued mail failed; the poll will retry (%s)", e.getClass().getName());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Shutting down: the next node's poll sends it.
            runQueued.set(false);
        }
    }

    private String toJson(OutgoingMail mail) {
        try {
            return json.writeValueAsString(mail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mail must serialize", e);
        }
    }

    /** Tries the queued mail as soon as its transaction commits, off the committing thread. */
    private final class SendAfterCommit implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                requestRun();
            }
        }
    }
}
