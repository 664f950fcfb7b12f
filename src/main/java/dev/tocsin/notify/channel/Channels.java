package dev.tocsin.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.account.Entitlements;
import dev.tocsin.notify.OutboxWriter;
import dev.tocsin.notify.StandardWebhooks;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.security.Masks;
import dev.tocsin.platform.security.SendLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An account's alert channels. Every finder takes the account id. A new channel is routed to every
 * monitor; a webhook gets a signing secret (returned once, kept encrypted); an email address that is
 * not a verified member's must be confirmed from a mailed link before it receives alerts.
 */
@ApplicationScoped
public class Channels {

    private final CredentialCipher cipher;
    private final Entitlements entitlements;
    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;
    private final SendLimits limits;
    private final ChannelMails mails;

    Channels(CredentialCipher cipher, Entitlements entitlements, EntityManager em, ObjectMapper json, Clock clock,
             SendLimits limits, ChannelMails mails) {
        this.limits = limits;
        this.mails = mails;
        this.cipher = cipher;
        this.entitlements = entitlements;
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** A created channel, its secret in clear this once (webhooks only), and whether a confirmation mail was queued. */
    public record Created(Channel channel, String secret, boolean needsConfirmation) {
    }

    /** A channel a member adds; an email address that needs consent is sent a confirmation mail, within the send limits. */
    @Transactional
    public Created create(UUID accountId, UUID userId, String name, String type, String target, Boolean enabled) {
        return create(accountId, userId, name, type, target, enabled, true);
    }

    /**
     * The owner's own email channel of a new account: the verification mail of the sign-up is its confirmation,
     * so no second mail goes out.
     */
    @Transactional
    Created createOwnersChannel(UUID accountId, UUID ownerId, String ownerEmail) {
        return create(accountId, ownerId, null, "email", ownerEmail, true, false);
    }

    private Created create(UUID accountId, UUID userId, String name, String type, String target, Boolean enabled, boolean askConsent) {
        ChannelRules.Checked checked = ChannelRules.check(name, type, target);
        invalidIf(checked);
        entitlements.limits(accountId).filter(l -> !l.channelTypes().contains(type)).ifPresent(l -> {
            throw new ProblemException(403, "plan-limit", "Plan limit reached",
                    "Your plan (" + l.plan() + ") sends alerts by " + String.join(" and ", l.channelTypes().stream().sorted().toList())
                            + ", not " + type + ". Raise the limit: " + l.upgradeHint(),
                    List.of(new dev.tocsin.platform.problem.Problem.FieldError("type", "is not part of this plan")));
        });
        Instant now = clock.instant();
        Channel c = new Channel();
        c.id = UUID.randomUUID();
        c.accountId = accountId;
        c.type = type;
        setTarget(c, checked.target());
        c.name = name == null ? defaultName(type, checked.target()) : name.strip();
        c.enabled = enabled == null || enabled;
        c.createdBy = userId;
        c.createdAt = now;
        c.updatedAt = now;
        String secret = null;
        if ("webhook".equals(type)) {
            secret = StandardWebhooks.newSecret();
            c.secret = cipher.encrypt(secret, c.id.toString());
        }
        boolean confirm = "email".equals(type) && !isVerifiedMember(accountId, c.target);
        if ("email".equals(type) && !confirm) {
            c.confirmedAt = now;
        }
        if (confirm && askConsent) {
            limits.check(SendLimits.Kind.CONSENT_MAIL, accountId, c.target);
        }
        c.persist();
        Route.toEverything(accountId, c.id, now).persist();
        if (confirm && askConsent) {
            mails.queueConfirmation(c);
        }
        return new Created(c, secret, confirm);
    }

    public Optional<Channel> find(UUID accountId, UUID id) {
        return Channel.find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    public Channel get(UUID accountId, UUID id) {
        return find(accountId, id).orElseThrow(() -> ProblemException.notFound("No channel " + id + "."));
    }

    public List<Channel> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((q, p) -> Channel.find(q, p), accountId, after, limit);
    }

    /**
     * Changes name, target or enabled; a new email address must be confirmed again, and its confirmation mail
     * is queued here. Returns whether one was.
     */
    @Transactional
    public boolean update(UUID accountId, UUID id, String name, String target, Boolean enabled) {
        Channel c = get(accountId, id);
        ChannelRules.Checked checked = ChannelRules.check(name, c.type, target == null ? target(c) : target);
        invalidIf(checked);
        boolean confirm = false;
        if (name != null) {
            c.name = name.strip();
        }
        if (target != null && !checked.target().equals(target(c))) {
            setTarget(c, checked.target());
            if ("email".equals(c.type)) {
                // A new address has never unsubscribed; it is asked for its own consent.
                c.unsubscribedAt = null;
                confirm = !isVerifiedMember(accountId, c.target);
                c.confirmedAt = confirm ? null : clock.instant();
            }
        }
        if (enabled != null) {
            c.enabled = enabled;
            // Turned back on after its recipient unsubscribed: only the recipient can consent again.
            confirm |= enabled && c.unsubscribedAt != null;
        }
        c.updatedAt = clock.instant();
        if (confirm) {
            limits.check(SendLimits.Kind.CONSENT_MAIL, accountId, c.target);
            mails.queueConfirmation(c);
        }
        return confirm;
    }

    @Transactional
    public void delete(UUID accountId, UUID id) {
        get(accountId, id).delete();
    }

    /** Queues a test message for the channel; returns the delivery id. */
    @Transactional
    public UUID test(UUID accountId, UUID id) {
        Channel c = get(accountId, id);
        if (!confirmed(c)) {
            throw new ProblemException(409, "channel-unconfirmed", "Channel not confirmed",
                    "The address has not confirmed yet that it wants Tocsin alerts; a test is sent once it has.");
        }
        limits.check(SendLimits.Kind.CHANNEL_SEND, accountId, recipient(c));
        UUID delivery = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> data = Map.of("incident", Map.of("title", "Test alert from Tocsin", "subject", c.name,
                "reason", "A test of this channel, asked for at " + now, "url", ""), "monitor", Map.of(),
                "account", Map.of("id", accountId));
        try {
            em.createNativeQuery("""
                    insert into outbox (id, account_id, channel_id, event_type, payload, next_attempt_at, created_at)
                    values (?1, ?2, ?3, 'test', cast(?4 as jsonb), ?5, ?5)""")
                    .setParameter(1, delivery).setParameter(2, accountId).setParameter(3, c.id)
                    .setParameter(4, json.writeValueAsString(data)).setParameter(5, now).executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return delivery;
    }

    /** Who a send to the channel reaches, for the send limits: its type and target in clear. */
    public String recipient(Channel c) {
        return c.type + ":" + target(c);
    }

    /** The target in clear, for sending or comparing: never for a response, a page or a log line. */
    public String target(Channel c) {
        return c.sealedTarget == null ? c.target : cipher.decrypt(c.sealedTarget, c.id.toString());
    }

    /** What people see of the target: the address or URL, or the masked form of a secret one (also of a row not sealed yet). */
    public static String shown(Channel c) {
        return ChannelRules.SECRET_TARGETS.contains(c.type) && c.sealedTarget == null ? mask(c.type, c.target) : c.target;
    }

    private void setTarget(Channel c, String target) {
        if (ChannelRules.SECRET_TARGETS.contains(c.type)) {
            c.sealedTarget = cipher.encrypt(target, c.id.toString());
            c.target = mask(c.type, target);
        } else {
            c.sealedTarget = null;
            c.target = target;
        }
    }

    static String mask(String type, String target) {
        return "pagerduty".equals(type) ? Masks.tail(target) : Masks.url(target);
    }

    /** Whether the channel may receive alerts as far as its address goes (see {@link OutboxWriter}). */
    public boolean confirmed(Channel c) {
        return !"email".equals(c.type)
                || c.unsubscribedAt == null && (c.confirmedAt != null || isVerifiedMember(c.accountId, c.target));
    }

    private boolean isVerifiedMember(UUID accountId, String email) {
        return ((Number) em.createNativeQuery("""
                select count(*) from memberships m join users u on u.id = m.user_id
                where m.account_id = ?1 and lower(u.email) = ?2 and u.email_verified_at is not null""")
                .setParameter(1, accountId).setParameter(2, email.toLowerCase(Locale.ROOT)).getSingleResult()).longValue() > 0;
    }

    private static void invalidIf(ChannelRules.Checked checked) {
        if (!checked.errors().isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request", checked.errors().stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), checked.errors());
        }
    }

    private static String defaultName(String type, String target) {
        return switch (type) {
            case "email" -> "Email to " + target;
            case "pagerduty" -> "PagerDuty";
            default -> Character.toUpperCase(type.charAt(0)) + type.substring(1) + " " + hostOf(target);
        };
    }

    private static String hostOf(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
