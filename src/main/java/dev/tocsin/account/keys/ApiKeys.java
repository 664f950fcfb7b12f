package dev.tocsin.account.keys;

import dev.tocsin.account.Caller;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Role;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.platform.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, lists, revokes and authenticates API keys. Every finder is scoped to one account. */
@ApplicationScoped
public class ApiKeys {

    public static final String PREFIX = "tcs_";
    /** 32 random bytes: the secret part is 43 URL-safe characters. */
    private static final int SECRET_BYTES = 32;
    private static final int VISIBLE_CHARS = PREFIX.length() + 6;
    /** Recording every use would write on every API call; a minute's precision is enough. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final AuditLog audit;
    private final EntityManager em;
    private final Clock clock;

    ApiKeys(AuditLog audit, EntityManager em, Clock clock) {
        this.audit = audit;
        this.em = em;
        this.clock = clock;
    }

    /** A new key and its secret, which exists nowhere else once this is returned. */
    public record Created(ApiKey key, String secret) {
    }

    @Transactional
    public Created create(UUID accountId, AuditLog.Actor actor, String name, KeyScope scope) {
        String secret = PREFIX + Secrets.randomToken(SECRET_BYTES);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.accountId = accountId;
        key.name = name.strip();
        key.scope = scope;
        key.prefix = secret.substring(0, VISIBLE_CHARS);
        key.secretHash = Secrets.sha256(secret);
        key.createdBy = actor.userId();
        key.createdAt = clock.instant();
        key.persist();
        audit.record(accountId, actor, AuditLog.KEY_CREATED, key.id + " " + key.name);
        return new Created(key, secret);
    }

    public List<ApiKey> list(UUID accountId) {
        return ApiKey.list("accountId = ?1 order by createdAt desc, id desc", accountId);
    }

    public long countActive(UUID accountId) {
        return ApiKey.count("accountId = ?1 and revokedAt is null", accountId);
    }

    /** Newest first, after a position when paging. */
    public List<ApiKey> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((query, params) -> ApiKey.find(query, params), accountId, after, limit);
    }

    public Optional<ApiKey> find(UUID accountId, UUID keyId) {
        return ApiKey.find("accountId = ?1 and id = ?2", accountId, keyId).firstResultOptional();
    }

    /**
     * Revokes a key of this account; another account's key is "not found", never "forbidden". Anyone who
     * may write revokes their own keys; another person's key needs a role that manages members, so a
     * member cannot cut the owner's automation off.
     *
     * @param role the acting person's role in the account (null when not known: only their own keys)
     */
    @Transactional
    public ApiKey revoke(UUID accountId, UUID keyId, AuditLog.Actor actor, Role role) {
        ApiKey key = find(accountId, keyId).orElseThrow(() -> ProblemException.notFound("No API key " + keyId + "."));
        boolean own = key.createdBy != null && key.createdBy.equals(actor.userId());
        if (!own && (role == null || !role.canManageMembers())) {
            throw ProblemException.forbidden("Only owners and admins may revoke another person's API key.");
        }
        if (!key.revoked()) {
            key.revokedAt = clock.instant();
            audit.record(accountId, actor, AuditLog.KEY_REVOKED, key.id + " " + key.name);
        }
        return key;
    }

    /** The caller a presented secret stands for, if it is a live key. */
    @Transactional
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiKey> found = ApiKey.find("secretHash = ?1 and revokedAt is null", (Object) Secrets.sha256(secret))
                .firstResultOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = found.get();
        // A key acts for the person who made it: it can do no more than they can now. Removing a
        // member silences their keys; making them a viewer makes their keys read-only.
        // A key whose creator is gone (the user deleted) answers to nobody: refused, never unrestricted.
        if (key.createdBy == null) {
            return Optional.empty();
        }
        Optional<Membership> membership = Membership.of(key.accountId, key.createdBy);
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        Role role = membership.get().role;
        touch(key);
        return Optional.of(new Caller(key.accountId, key.createdBy, key.id, key.scope, role));
    }

    private void touch(ApiKey key) {
        Instant now = clock.instant();
        em.createQuery("update ApiKey k set k.lastUsedAt = :now where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :stale)")
                .setParameter("now", now)
                .setParameter("id", key.id)
                .setParameter("stale", now.minus(LAST_USED_PRECISION))
                .executeUpdate();
    }
}
