package dev.tocsin.account.audit;

import dev.tocsin.platform.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Records who did what in an account, in the same transaction as the change itself. */
@ApplicationScoped
public class AuditLog {

    public static final String SIGNED_IN = "user.signed_in";
    public static final String ACCOUNT_CREATED = "account.created";
    public static final String EMAIL_VERIFIED = "user.email_verified";
    public static final String PASSWORD_RESET = "user.password_reset";
    public static final String KEY_CREATED = "api_key.created";
    public static final String KEY_REVOKED = "api_key.revoked";
    public static final String MEMBER_INVITED = "member.invited";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String ROLE_CHANGED = "member.role_changed";
    public static final String MEMBER_REMOVED = "member.removed";

    private final Clock clock;

    AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Who acted: a user, a key, or both unknown (a system action). */
    public record Actor(UUID userId, UUID keyId, String ip) {
        public static Actor user(UUID userId, String ip) {
            return new Actor(userId, null, ip);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID accountId, Actor actor, String action, String target) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.accountId = accountId;
        event.actorUserId = actor == null ? null : actor.userId();
        event.actorKeyId = actor == null ? null : actor.keyId();
        event.ip = actor == null ? null : actor.ip();
        event.action = action;
        event.target = target;
        event.createdAt = clock.instant();
        event.persist();
    }

    /** The newest events of one account, after a position when paging. */
    public List<AuditEvent> recent(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((query, params) -> AuditEvent.find(query, params), accountId, after, limit);
    }
}
