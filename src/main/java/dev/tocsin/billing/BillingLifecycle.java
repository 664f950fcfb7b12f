package dev.tocsin.billing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Time-driven billing, on every node: the trial reminder three days before the end, the trial's end
 * (expired, monitors paused, a mail), and the end of a past-due account's grace period. Each pass takes
 * the due accounts {@code FOR UPDATE SKIP LOCKED}, so every account is handled by one node at a time,
 * and the states and dedup keys it writes make a second pass a no-op.
 */
@ApplicationScoped
public class BillingLifecycle {

    private static final Logger LOG = Logger.getLogger(BillingLifecycle.class);
    static final Duration REMINDER_BEFORE = Duration.ofDays(3);
    private static final int BATCH = 100;

    private final BillingMode mode;
    private final BillingConfig config;
    private final Enforcement enforcement;
    private final BillingMails mails;
    private final EntityManager em;
    private final Clock clock;

    BillingLifecycle(BillingMode mode, BillingConfig config, Enforcement enforcement, BillingMails mails, EntityManager em, Clock clock) {
        this.mode = mode;
        this.config = config;
        this.enforcement = enforcement;
        this.mails = mails;
        this.em = em;
        this.clock = clock;
    }

    @Scheduled(every = "${tocsin.billing.lifecycle-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (mode.enabled()) {
            runOnce(null);
        }
    }

    /** One pass over the due accounts (one account only, when given: tests share a database); returns how many. */
    public int runOnce(UUID onlyAccount) {
        int handled = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<UUID> due = due(onlyAccount);
                due.forEach(this::handle);
                return due.size();
            });
            handled += batch;
        } while (batch == BATCH);
        return handled;
    }

    @SuppressWarnings("unchecked")
    private List<UUID> due(UUID onlyAccount) {
        Instant now = clock.instant();
        // Each condition is one a pass clears: a reminder stamped, a trial expired, active monitors paused.
        return em.createNativeQuery("""
                select s.account_id from subscriptions s
                where (cast(?1 as uuid) is null or s.account_id = cast(?1 as uuid)) and (
                    (s.state = 'trialing' and s.trial_ends_at <= ?2 and s.trial_reminder_sent_at is null)
                 or (s.state = 'trialing' and s.trial_ends_at <= ?3)
                 or ((s.state in ('expired', 'canceled') or (s.state = 'past_due' and s.past_due_since <= ?4))
                     and exists (select 1 from monitors m where m.account_id = s.account_id and not m.paused)))
                order by s.account_id limit ?5 for update of s skip locked""")
                .setParameter(1, onlyAccount)
                .setParameter(2, Timestamp.from(now.plus(REMINDER_BEFORE)))
                .setParameter(3, Timestamp.from(now))
                .setParameter(4, Timestamp.from(now.minus(config.gracePeriod())))
                .setParameter(5, BATCH)
                .getResultList();
    }

    private void handle(UUID accountId) {
        Subscription s = em.find(Subscription.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        if (s.state == SubscriptionState.TRIALING && !now.isBefore(s.trialEndsAt)) {
            s.state = SubscriptionState.EXPIRED;
            s.updatedAt = now;
            if (s.trialEndedSentAt == null) {
                s.trialEndedSentAt = now;
                mails.trialEnded(accountId);
            }
            LOG.infof("Account %s: trial ended without a subscription; monitoring paused", accountId);
        } else if (s.state == SubscriptionState.TRIALING && s.trialReminderSentAt == null) {
            s.trialReminderSentAt = now;
            s.updatedAt = now;
            mails.trialEndsSoon(accountId, s.trialEndsAt);
        } else if (s.state == SubscriptionState.PAST_DUE) {
            mails.monitoringPaused(accountId, "Your payment is overdue and the grace period has ended."
                    + " Update your card from the billing page and every monitor billing paused resumes.", s.pastDueSince);
        }
        enforcement.apply(s);
    }
}
