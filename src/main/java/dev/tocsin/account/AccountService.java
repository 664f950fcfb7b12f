package dev.tocsin.account;

import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.security.SignedLinks;
import dev.tocsin.platform.security.UsedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sign-up, sign-in, email verification and password reset: the account's own lifecycle. */
@ApplicationScoped
public class AccountService {

    private final TocsinConfig config;
    private final AuditLog audit;
    private final UsedTokens usedTokens;
    private final Clock clock;
    private final Event<AccountCreated> created;

    AccountService(TocsinConfig config, AuditLog audit, UsedTokens usedTokens, Clock clock, Event<AccountCreated> created) {
        this.config = config;
        this.audit = audit;
        this.usedTokens = usedTokens;
        this.clock = clock;
        this.created = created;
    }

    /** What a sign-up did. The page answers both the same way, so it never tells whether an email exists. */
    public sealed interface SignupOutcome {
        record Created(Account account, User user) implements SignupOutcome {
        }

        record AlreadyRegistered(User user) implements SignupOutcome {
        }
    }

    /**
     * Creates the account in trial with the user as owner; inputs are validated by the caller. The password
     * is hashed first, also for an address already taken: bcrypt is most of a sign-up's time, and skipping it
     * would tell by the answer's speed which addresses have an account.
     */
    @Transactional
    public SignupOutcome signUp(String email, String password, String accountName, String ip) {
        String normalized = Emails.normalize(email);
        String passwordHash = Passwords.hash(password);
        Optional<User> existing = findUser(normalized);
        if (existing.isPresent()) {
            return new SignupOutcome.AlreadyRegistered(existing.get());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        User user = newUser(normalized, passwordHash);
        Account account = createAccount(accountName, now);
        join(account.id, user.id, Role.OWNER);
        audit.record(account.id, AuditLog.Actor.user(user.id, ip), AuditLog.ACCOUNT_CREATED, account.name);
        created.fire(new AccountCreated(account.id, user.id, user.email));
        return new SignupOutcome.Created(account, user);
    }

    /** A new user with no account yet; the caller decides what the user joins. */
    @Transactional(Transactional.TxType.MANDATORY)
    public User createUser(String email, String password) {
        return newUser(email, password == null ? null : Passwords.hash(password));
    }

    private User newUser(String email, String passwordHash) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = Emails.normalize(email);
        user.passwordHash = passwordHash;
        user.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        user.persist();
        return user;
    }

    /** Creates an account in trial for an existing user (single sign-on, or a second account). */
    @Transactional
    public Account createAccountFor(User user, String accountName, String ip) {
        Account account = createAccount(accountName, clock.instant().truncatedTo(ChronoUnit.MICROS));
        join(account.id, user.id, Role.OWNER);
        audit.record(account.id, AuditLog.Actor.user(user.id, ip), AuditLog.ACCOUNT_CREATED, account.name);
        created.fire(new AccountCreated(account.id, user.id, user.email));
        return account;
    }

    private Account createAccount(String name, Instant now) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.name = name.strip();
        account.createdAt = now;
        account.persist();
        return account;
    }

    /** Adds a user to an account with a role; a second join keeps the first role. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Membership join(UUID accountId, UUID userId, Role role) {
        Optional<Membership> existing = Membership.of(accountId, userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Membership membership = new Membership();
        membership.accountId = accountId;
        membership.userId = userId;
        membership.role = role;
        membership.createdAt = clock.instant();
        membership.persist();
        return membership;
    }

    public Account account(UUID accountId) {
        return Account.<Account>findByIdOptional(accountId)
                .orElseThrow(() -> dev.tocsin.platform.problem.ProblemException.notFound("No account " + accountId + "."));
    }

    /**
     * Deletes an account and everything it owns (the schema cascades). Only an owner may, and only
     * by typing the account's name, so that a stray click or a stolen session of a member cannot.
     */
    @Transactional
    public void deleteAccount(UUID accountId, Role actorRole, String typedName) {
        if (actorRole != Role.OWNER) {
            throw dev.tocsin.platform.problem.ProblemException.forbidden("Only an owner can delete the account.");
        }
        Account account = Account.findById(accountId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw dev.tocsin.platform.problem.ProblemException.notFound("No account " + accountId + ".");
        }
        if (typedName == null || !typedName.strip().equals(account.name)) {
            throw dev.tocsin.platform.problem.ProblemException.invalid("confirm", "must be the account's name, typed exactly");
        }
        account.delete();
    }

    public long memberCount(UUID accountId) {
        return Membership.count("accountId", accountId);
    }

    public Optional<Role> role(UUID accountId, UUID userId) {
        return Membership.of(accountId, userId).map(m -> m.role);
    }

    public Optional<User> findUser(String email) {
        return User.find("lower(email) = ?1", Emails.normalize(email)).firstResultOptional();
    }

    /** The user whose email and password match; empty otherwise, after the same amount of work. */
    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = findUser(email);
        boolean matches = Passwords.matches(password, user.map(u -> u.passwordHash).orElse(null));
        return matches ? user : Optional.empty();
    }

    /** The accounts a user belongs to, oldest membership first: the first is where sign-in lands. */
    public List<Membership> memberships(UUID userId) {
        return Membership.list("userId = ?1 order by createdAt, accountId", userId);
    }

    @Transactional
    public void recordSignIn(UUID accountId, UUID userId, String ip) {
        audit.record(accountId, AuditLog.Actor.user(userId, ip), AuditLog.SIGNED_IN, null);
    }

    /** Where a single sign-on lands: the user (found or created) and the account to work in. */
    public record SsoLanding(User user, UUID accountId, boolean created) {
    }

    /**
     * Signs in through an identity provider that vouched for the address: an existing user is linked
     * (and the address marked verified); someone new gets a user without password and a trial account.
     */
    @Transactional
    public SsoLanding signInWithVerifiedEmail(String email, String displayName, String ip) {
        String normalized = Emails.normalize(email);
        Optional<User> existing = findUser(normalized);
        if (existing.isPresent()) {
            User user = existing.get();
            if (user.emailVerifiedAt == null) {
                // Whoever pre-registered this address with a password never proved it was theirs: the
                // provider just did, for someone else perhaps. Their password and sessions end here.
                user.passwordHash = null;
                User.getEntityManager().createNativeQuery("delete from sessions where user_id = ?1").setParameter(1, user.id).executeUpdate();
                user.emailVerifiedAt = clock.instant();
            }
            List<Membership> memberships = memberships(user.id);
            UUID accountId = memberships.isEmpty()
                    ? createAccountFor(user, accountNameFor(displayName, normalized), ip).id
                    : memberships.get(0).accountId;
            audit.record(accountId, AuditLog.Actor.user(user.id, ip), AuditLog.SIGNED_IN, "single sign-on");
            return new SsoLanding(user, accountId, false);
        }
        User user = createUser(normalized, null);
        user.emailVerifiedAt = clock.instant();
        Account account = createAccountFor(user, accountNameFor(displayName, normalized), ip);
        audit.record(account.id, AuditLog.Actor.user(user.id, ip), AuditLog.SIGNED_IN, "single sign-on");
        return new SsoLanding(user, account.id, true);
    }

    private static String accountNameFor(String displayName, String email) {
        String name = displayName == null || displayName.isBlank() ? email.substring(0, email.indexOf('@')) : displayName.strip();
        return (name.length() > 180 ? name.substring(0, 180) : name) + "'s account";
    }

    /** Marks the address named by a verification link as verified; the link works once. */
    @Transactional
    public User verifyEmail(SignedLinks.Verified link) {
        usedTokens.consume(link);
        User user = User.<User>findByIdOptional(UUID.fromString(link.subject()))
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
        if (user.emailVerifiedAt == null) {
            user.emailVerifiedAt = clock.instant();
            for (Membership m : memberships(user.id)) {
                audit.record(m.accountId, AuditLog.Actor.user(user.id, null), AuditLog.EMAIL_VERIFIED, user.email);
            }
        }
        return user;
    }

    /** Sets a new password from a reset link; the link works once. Proves the address too. */
    @Transactional
    public User resetPassword(SignedLinks.Verified link, String newPassword, String ip) {
        usedTokens.consume(link);
        User user = User.<User>findByIdOptional(UUID.fromString(link.subject()))
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
        user.passwordHash = Passwords.hash(newPassword);
        if (user.emailVerifiedAt == null) {
            user.emailVerifiedAt = clock.instant();
        }
        for (Membership m : memberships(user.id)) {
            audit.record(m.accountId, AuditLog.Actor.user(user.id, ip), AuditLog.PASSWORD_RESET, user.email);
        }
        return user;
    }
}
