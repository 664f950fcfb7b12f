package dev.tocsin.account.session;

import dev.tocsin.account.Account;
import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.Membership;
import dev.tocsin.account.User;
import dev.tocsin.platform.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Opens, resolves and closes browser sessions. */
@ApplicationScoped
public class Sessions {

    private static final int TOKEN_BYTES = 32;

    private final AccountConfig config;
    private final Clock clock;

    Sessions(AccountConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts a session and returns the cookie value, which is not kept anywhere. */
    @Transactional
    public String open(UUID userId, UUID accountId) {
        String token = Secrets.randomToken(TOKEN_BYTES);
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.tokenHash = Secrets.sha256(token);
        session.userId = userId;
        session.accountId = accountId;
        session.createdAt = clock.instant();
        session.expiresAt = session.createdAt.plus(config.sessionLifetime());
        session.persist();
        return token;
    }

    /** The live session behind a cookie value; none when unknown, expired, or the membership is gone. */
    @Transactional
    public Optional<SignedIn> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Optional<Session> found = Session.find("tokenHash = ?1 and expiresAt > ?2", Secrets.sha256(token), clock.instant())
                .firstResultOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Optional<Membership> membership = Membership.of(session.accountId, session.userId);
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        User user = User.findById(session.userId);
        Account account = Account.findById(session.accountId);
        return Optional.of(new SignedIn(session.id, user, account, membership.get().role));
    }

    @Transactional
    public void close(String token) {
        if (token != null && !token.isEmpty()) {
            Session.delete("tokenHash", (Object) Secrets.sha256(token));
        }
    }

    /** Signs a user out everywhere, e.g. after a password reset. */
    @Transactional
    public void closeAll(UUID userId) {
        Session.delete("userId", userId);
    }

    @Transactional
    public long purgeExpired() {
        return Session.delete("expiresAt <= ?1", clock.instant());
    }
}
