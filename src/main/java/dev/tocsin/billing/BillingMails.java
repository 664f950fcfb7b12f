package dev.tocsin.billing;

import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.mail.MailOutbox;
import dev.tocsin.platform.mail.MailTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Billing's mails to an account's owners, queued in the transaction that decided them; each has a
 * dedup key, so a job run twice or on two nodes queues it once.
 */
@ApplicationScoped
class BillingMails {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final TocsinConfig config;
    private final EntityManager em;

    BillingMails(MailOutbox outbox, MailTemplates templates, TocsinConfig config, EntityManager em) {
        this.outbox = outbox;
        this.templates = templates;
        this.config = config;
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void trialEndsSoon(UUID accountId, Instant endsAt) {
        send(accountId, "trialEndsSoon", "Your Tocsin trial ends on " + DAY.format(endsAt), "trial-ends-soon",
                Map.of("endsAt", DAY.format(endsAt)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void trialEnded(UUID accountId) {
        send(accountId, "trialEnded", "Your Tocsin trial has ended: monitoring is paused", "trial-ended", Map.of());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void paymentFailed(UUID accountId, String eventId) {
        send(accountId, "paymentFailed", "Your Tocsin payment failed", "payment-failed:" + eventId, Map.of());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void monitoringPaused(UUID accountId, String why, Instant episode) {
        send(accountId, "monitoringPaused", "Tocsin monitoring is paused", "monitoring-paused:" + episode.getEpochSecond(), Map.of("why", why));
    }

    private void send(UUID accountId, String template, String subject, String purpose, Map<String, Object> extra) {
        for (Object[] owner : owners(accountId)) {
            Map<String, Object> data = new java.util.HashMap<>(extra);
            data.put("accountName", owner[1]);
            data.put("billingLink", config.publicUrl() + "/app/billing");
            outbox.enqueue(templates.render("BillingMails/" + template, (String) owner[0], subject, data, Map.of()),
                    "billing." + template, accountId, purpose + ":" + accountId + ":" + owner[0]);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> owners(UUID accountId) {
        return em.createNativeQuery("""
                select u.email, a.name from memberships m join users u on u.id = m.user_id join accounts a on a.id = m.account_id
                where m.account_id = ?1 and m.role = 'owner' order by u.email""").setParameter(1, accountId).getResultList();
    }
}
