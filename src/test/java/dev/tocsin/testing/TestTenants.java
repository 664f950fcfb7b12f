package dev.tocsin.testing;

import dev.tocsin.account.AccountService;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The standard cast, fresh for each call so tests never share rows: alice owns account A, bob is a
 * member of A, charlie owns account B. Each has a write key; A also has a read key.
 */
@ApplicationScoped
public class TestTenants {

    public static final String PASSWORD = "correct horse battery staple";

    private final AccountService accounts;
    private final ApiKeys keys;
    private final Monitors monitors;

    TestTenants(AccountService accounts, ApiKeys keys, Monitors monitors) {
        this.accounts = accounts;
        this.keys = keys;
        this.monitors = monitors;
    }

    public record Person(UUID userId, String email, UUID accountId, Role role, String writeKey) {
    }

    public record Cast(Person alice, Person bob, Person charlie, String readKeyA, UUID keyIdA, UUID monitorA) {
        public UUID accountA() {
            return alice.accountId();
        }

        public UUID accountB() {
            return charlie.accountId();
        }
    }

    /** A unique address for one test, so mailbox lookups never see another test's mail. */
    public static String email(String name) {
        return name + "-" + Secrets.randomToken(6).toLowerCase().replaceAll("[^a-z0-9]", "x") + "@example.com";
    }

    /** An owner with a verified email, a write key and an account with no monitors yet. */
    @Transactional
    public Person owner(String name) {
        return owner(name, true);
    }

    /** As {@link #owner(String)}, as sign-up leaves them before the verification link is followed. */
    @Transactional
    public Person unverifiedOwner(String name) {
        return owner(name, false);
    }

    private Person owner(String name, boolean verified) {
        String email = email(name);
        var created = (AccountService.SignupOutcome.Created) accounts.signUp(email, PASSWORD, name + "'s account", "127.0.0.1");
        if (verified) {
            User.<User>findById(created.user().id).emailVerifiedAt = Instant.now();
        }
        ApiKeys.Created key = keys.create(created.account().id, AuditLog.Actor.user(created.user().id, null), name, KeyScope.WRITE);
        return new Person(created.user().id, email, created.account().id, Role.OWNER, key.secret());
    }

    @Transactional
    public Cast create() {
        String alice = email("alice");
        String bob = email("bob");
        String charlie = email("charlie");
        var a = (AccountService.SignupOutcome.Created) accounts.signUp(alice, PASSWORD, "Account A", "127.0.0.1");
        var b = (AccountService.SignupOutcome.Created) accounts.signUp(charlie, PASSWORD, "Account B", "127.0.0.1");
        User bobUser = accounts.createUser(bob, PASSWORD);
        accounts.join(a.account().id, bobUser.id, Role.MEMBER);
        for (User u : new User[] {a.user(), b.user(), bobUser}) {
            User.<User>findById(u.id).emailVerifiedAt = Instant.now();
        }
        ApiKeys.Created aliceKey = keys.create(a.account().id, AuditLog.Actor.user(a.user().id, null), "alice", KeyScope.WRITE);
        ApiKeys.Created readKey = keys.create(a.account().id, AuditLog.Actor.user(a.user().id, null), "read-only", KeyScope.READ);
        ApiKeys.Created bobKey = keys.create(a.account().id, AuditLog.Actor.user(bobUser.id, null), "bob", KeyScope.WRITE);
        ApiKeys.Created charlieKey = keys.create(b.account().id, AuditLog.Actor.user(b.user().id, null), "charlie", KeyScope.WRITE);
        UUID monitor = monitors.create(a.account().id, new MonitorDraft("A's monitor", null, null, "https://a.example.com/health",
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)).id;
        return new Cast(
                new Person(a.user().id, alice, a.account().id, Role.OWNER, aliceKey.secret()),
                new Person(bobUser.id, bob, a.account().id, Role.MEMBER, bobKey.secret()),
                new Person(b.user().id, charlie, b.account().id, Role.OWNER, charlieKey.secret()),
                readKey.secret(), aliceKey.key().id, monitor);
    }
}
