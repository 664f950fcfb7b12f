package dev.tocsin.notify;

import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.Channels;
import dev.tocsin.platform.mail.MailSender;
import dev.tocsin.platform.security.SendLimits;
import dev.tocsin.platform.mail.MailTemplates;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Writes what an attempt came to: a line in the attempt log, and the row's next state — delivered,
 * due again after a backoff, or given up. A 410 also disables the channel and tells the owners.
 */
@ApplicationScoped
public class DeliveryRecorder {

    private static final Logger LOG = Logger.getLogger(DeliveryRecorder.class);

    private final EntityManager em;
    private final NotifyConfig config;
    private final MailSender mail;
    private final MailTemplates templates;
    private final Clock clock;
    private final Channels channels;
    private final SendLimits limits;

    DeliveryRecorder(EntityManager em, NotifyConfig config, MailSender mail, MailTemplates templates, Clock clock,
                     Channels channels, SendLimits limits) {
        this.channels = channels;
        this.limits = limits;
        this.em = em;
        this.config = config;
        this.mail = mail;
        this.templates = templates;
        this.clock = clock;
    }

    /** Returns false when another attempt has overtaken this one (its lease ran out): nothing is written. */
    public boolean record(Delivery d, DeliveryResult result) {
        Instant now = clock.instant();
        boolean giveUp = result.outcome() != DeliveryResult.Outcome.RETRY || d.attempt() >= config.maxAttempts();
        String status = result.outcome() == DeliveryResult.Outcome.DELIVERED ? "delivered" : giveUp ? "failed" : "pending";
        Instant next = giveUp ? now : now.plus(Backoff.after(d.attempt(), result.retryAfter(), ThreadLocalRandom.current()));
        boolean written = QuarkusTransaction.requiringNew().call(() -> {
            int updated = em.createNativeQuery("""
                    update outbox set status = ?1, next_attempt_at = ?2, lease_until = null, last_error = ?3, last_status = ?4,
                        delivered_at = case when ?1 = 'delivered' then ?5 else delivered_at end
                    where id = ?6 and attempts = ?7""")
                    .setParameter(1, status).setParameter(2, next).setParameter(3, result.error())
                    .setParameter(4, result.httpStatus()).setParameter(5, now).setParameter(6, d.id()).setParameter(7, d.attempt())
                    .executeUpdate();
            if (updated == 0) {
                return false;
            }
            em.createNativeQuery("""
                    insert into delivery_attempts (outbox_id, attempt, at, outcome, http_status, error, duration_ms)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                    .setParameter(1, d.id()).setParameter(2, d.attempt()).setParameter(3, now)
                    .setParameter(4, result.outcome().code()).setParameter(5, result.httpStatus()).setParameter(6, result.error())
                    .setParameter(7, (int) Math.min(Integer.MAX_VALUE, result.durationMs())).executeUpdate();
            if (result.outcome() == DeliveryResult.Outcome.GONE) {
                em.createNativeQuery("update channels set enabled = false, updated_at = ?2 where id = ?1")
                        .setParameter(1, d.channel().id()).setParameter(2, now).executeUpdate();
            }
            return true;
        });
        if (written && result.outcome() == DeliveryResult.Outcome.GONE) {
            tellOwners(d);
        }
        return written;
    }

    /**
     * Hands a claimed delivery back unsent: as before its claim, due now. Fenced like {@link #record}: if
     * another node has claimed it since, nothing changes. Returns whether it was handed back.
     */
    public boolean release(Delivery d) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update outbox set attempts = attempts - 1, next_attempt_at = ?1, lease_until = null
                where id = ?2 and attempts = ?3 and status = 'pending'""")
                .setParameter(1, now).setParameter(2, d.id()).setParameter(3, d.attempt()).executeUpdate() == 1);
    }

    /** Rows waiting for a first or further attempt, for the depth gauge. */
    public long pending() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from outbox where status = 'pending'").getSingleResult()).longValue());
    }

    private void tellOwners(Delivery d) {
        @SuppressWarnings("unchecked")
        List<String> owners = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select u.email from memberships m join users u on u.id = m.user_id
                where m.account_id = ?1 and m.role = 'owner'""").setParameter(1, d.accountId()).getResultList());
        for (String owner : owners) {
            try {
                mail.send(templates.render("AlertMails/channelGone", owner, "[Tocsin] Alert channel \"" + d.channel().name()
                        + "\" disabled: 410 Gone", Map.of("type", d.channel().type(), "name", d.channel().name(),
                        "id", d.channel().id().toString()), Map.of()));
            } catch (MailSender.MailException e) {
                LOG.warnf("Could not tell an owner of account %s that channel %s was disabled", d.accountId(), d.channel().id());
            }
        }
    }

    /** What asking to send a delivery again came to. */
    public enum Replay {
        QUEUED, IN_FLIGHT, NOT_FOUND
    }

    /**
     * Makes the delivery due now, with the same event id. A row some node holds under lease is being sent
     * right now: queuing it again would send that attempt twice, so it is left alone. A replay counts
     * against the send limits of the account and of the channel's address.
     */
    public Replay replay(UUID accountId, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select channel_id, lease_until from outbox where id = ?1 and account_id = ?2")
                .setParameter(1, id).setParameter(2, accountId).getResultList());
        if (found.isEmpty()) {
            return Replay.NOT_FOUND;
        }
        Object lease = found.get(0)[1];
        Instant leaseUntil = lease instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) lease;
        if (leaseUntil != null && leaseUntil.isAfter(clock.instant())) {
            return Replay.IN_FLIGHT;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Channel channel = channels.get(accountId, (UUID) found.get(0)[0]);
            limits.check(SendLimits.Kind.CHANNEL_SEND, accountId, channels.recipient(channel));
        });
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            int queued = em.createNativeQuery("""
                    update outbox set status = 'pending', next_attempt_at = ?3, lease_until = null
                    where id = ?1 and account_id = ?2 and (lease_until is null or lease_until <= ?3)""")
                    .setParameter(1, id).setParameter(2, accountId).setParameter(3, now).executeUpdate();
            return queued == 1 ? Replay.QUEUED : Replay.IN_FLIGHT;
        });
    }
}
