package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.account.Account;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Role;
import dev.tocsin.billing.Plan;
import dev.tocsin.billing.Subscription;
import dev.tocsin.billing.SubscriptionState;
import dev.tocsin.account.User;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignupPageTest {

    private static final String PASSWORD = "a long enough password";

    @InjectGreenMail
    GreenMail greenMail;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    private Response signUp(PageClient client, String email, String password, String accountName) {
        return client.post("/signup", Map.of("email", email, "password", password, "accountName", accountName));
    }

    @Test
    void checkYourInboxSaysWhereTheMessageWent() {
        // With a mail server (as here) the page says the message was sent.
        assertThat(new PageClient().get("/test-only/check-inbox?email=sam@example.com&printedToLog=false").asString())
                .contains("We sent a message to <strong>sam@example.com</strong>").doesNotContain("server's log");
        // Without tocsin.mail.host (dev) nothing is sent: the page says the message is in the log instead.
        assertThat(new PageClient().get("/test-only/check-inbox?email=sam@example.com&printedToLog=true").asString())
                .contains("printed to the server's log").contains("tocsin.mail.host").doesNotContain("We sent");
    }

    @Test
    void signUpMailsAVerificationLinkThatSignsInToATrialAccount() {
        PageClient client = new PageClient();
        String email = TestTenants.email("new");
        Response answer = signUp(client, email, PASSWORD, "Acme Ops");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().asString()).contains("Check your inbox").contains(email);

        MimeMessage mail = new Mailbox(greenMail).await(email, "Confirm your email");
        assertThat(Mailbox.html(mail)).contains("Confirm my address");
        String link = Mailbox.link(mail, "/verify-email?token=");
        assertThat(link).startsWith("http://localhost:8081/verify-email?token=");

        Response asked = client.get(link.substring("http://localhost:8081".length()));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body().asString()).contains("Confirm my address");
        assertThat(client.cookie(PageClient.SESSION_COOKIE)).as("opening the link signs nobody in").isNull();
        assertThat(verifiedAt(email)).as("opening the link verifies nothing").isNull();

        Response verified = confirm(client, link);
        assertThat(verified.statusCode()).isEqualTo(303);
        assertThat(verified.header("Location")).endsWith("/app?notice=verified");
        assertThat(client.cookie(PageClient.SESSION_COOKIE)).isNotBlank();
        assertThat(verified.getDetailedCookie(PageClient.SESSION_COOKIE).isHttpOnly()).isTrue();
        assertThat(verified.getDetailedCookie(PageClient.SESSION_COOKIE).getSameSite()).isEqualTo("Lax");

        Response app = client.get("/app");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body().asString()).contains(email).contains("Acme Ops").contains("Trial · 14 days left");

        Created created = created(email);
        assertThat(created.user().emailVerifiedAt).isNotNull();
        Subscription subscription = Subscription.findById(created.account().id);
        assertThat(subscription.plan).isEqualTo(Plan.TRIAL);
        assertThat(subscription.state).isEqualTo(SubscriptionState.TRIALING);
        assertThat(subscription.trialEndsAt).isCloseTo(Instant.now().plus(14, ChronoUnit.DAYS), within());
        assertThat(created.role()).isEqualTo(Role.OWNER);
    }

    @Test
    void duplicateEmailGetsTheSamePageAndCreatesNothing() {
        String email = TestTenants.email("twice");
        assertThat(signUp(new PageClient(), email, PASSWORD, "First").statusCode()).isEqualTo(200);
        Response second = signUp(new PageClient(), email.toUpperCase(), PASSWORD, "Second");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body().asString()).contains("Check your inbox");
        new Mailbox(greenMail).await(email, "already have a Tocsin account");
        assertThat(memberships(email)).hasSize(1);
    }

    @Test
    void signUpOfATakenAddressDoesTheSameWorkAsANewOne() {
        // No timing assertion: the same observable work on both paths, a bcrypt hash and one queued mail.
        dev.tocsin.account.Passwords.weakness(PASSWORD); // loads the class, which registers its counter
        var hashed = io.micrometer.core.instrument.Metrics.globalRegistry.get("tocsin.passwords.hashed").counter();
        String email = TestTenants.email("same-work");
        double before = hashed.count();
        long verifications = queued("account.verifyEmail");
        signUp(new PageClient(), email, PASSWORD, "First");
        assertThat(hashed.count() - before).isEqualTo(1.0);
        assertThat(queued("account.verifyEmail")).isEqualTo(verifications + 1);

        before = hashed.count();
        long already = queued("account.alreadyRegistered");
        signUp(new PageClient(), email, "another long password", "Second");
        assertThat(hashed.count() - before).as("the taken address's sign-up hashes the password too").isEqualTo(1.0);
        assertThat(queued("account.alreadyRegistered")).isEqualTo(already + 1);
    }

    private static Object verifiedAt(String email) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> User.getEntityManager()
                .createNativeQuery("select email_verified_at from users where email = ?1").setParameter(1, email).getSingleResult());
    }

    private long queued(String kind) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) dev.tocsin.account.User.getEntityManager()
                .createNativeQuery("select count(*) from mail_outbox where kind = ?1").setParameter(1, kind).getSingleResult()).longValue());
    }

    @Test
    void weakPasswordIsRefusedWithTheReason() {
        String email = TestTenants.email("weak");
        Response answer = signUp(new PageClient(), email, "short", "Acme");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body().asString()).contains("at least 10 characters");
        assertThat(user(email)).isEmpty();
    }

    @Test
    void malformedEmailIsRefusedWithTheReason() {
        Response answer = signUp(new PageClient(), "not-an-email", PASSWORD, "Acme");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body().asString()).contains("Enter a valid email address");
    }

    @Test
    void missingAccountNameIsRefused() {
        Response answer = signUp(new PageClient(), TestTenants.email("noname"), PASSWORD, " ");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body().asString()).contains("Name your account");
    }

    @Test
    void formWithoutCsrfTokenIsRefusedAndWritesNothing() {
        PageClient client = new PageClient();
        client.get("/signup");
        String email = TestTenants.email("forged");
        Response answer = client.postWithoutCsrf("/signup", Map.of("email", email, "password", PASSWORD, "accountName", "X"));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body().asString()).contains("This form has expired");
        Response wrong = client.postWithoutCsrf("/signup", Map.of("email", email, "password", PASSWORD, "accountName", "X",
                "csrf", "a-token-that-is-not-the-cookie-value"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(user(email)).isEmpty();
    }

    @Test
    void forgedVerificationLinkIsRefused() {
        PageClient client = new PageClient();
        String link = verificationLink(client);
        String token = link.substring(link.indexOf("token=") + 6);
        Response forged = client.get("/verify-email?token=" + token.substring(0, token.length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body().asString()).contains("This link is not valid");
        assertThat(client.get("/verify-email?token=garbage").statusCode()).isEqualTo(400);
        assertThat(client.get("/verify-email").statusCode()).isEqualTo(400);
    }

    @Test
    void expiredVerificationLinkIsRefused() {
        PageClient client = new PageClient();
        String link = verificationLink(client);
        MutableClock.INSTANCE.advance(Duration.ofDays(3));
        Response expired = client.get(link.substring("http://localhost:8081".length()));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body().asString()).contains("expired");
        assertThat(confirm(client, link).statusCode()).isEqualTo(400);
    }

    @Test
    void openingTheLinkManyTimesConsumesNothingAndTheButtonStillWorks() {
        // Mail scanners and link previews open every link: that must neither use the link up nor sign anyone in.
        PageClient scanner = new PageClient();
        String link = verificationLink(new PageClient());
        for (int i = 0; i < 3; i++) {
            assertThat(scanner.get(link.substring("http://localhost:8081".length())).statusCode()).isEqualTo(200);
        }
        assertThat(scanner.cookie(PageClient.SESSION_COOKIE)).isNull();
        PageClient owner = new PageClient();
        assertThat(owner.get(link.substring("http://localhost:8081".length())).statusCode()).isEqualTo(200);
        assertThat(confirm(owner, link).statusCode()).isEqualTo(303);
        assertThat(owner.cookie(PageClient.SESSION_COOKIE)).isNotBlank();
    }

    @Test
    void confirmingWithoutTheFormTokenIsRefused() {
        PageClient client = new PageClient();
        String link = verificationLink(client);
        Response forged = client.postWithoutCsrf("/verify-email", Map.of("token", token(link)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(client.cookie(PageClient.SESSION_COOKIE)).isNull();
        assertThat(confirm(client, link).statusCode()).as("the link is still good").isEqualTo(303);
    }

    @Test
    void verificationLinkWorksOnce() {
        PageClient client = new PageClient();
        String link = verificationLink(client);
        assertThat(confirm(client, link).statusCode()).isEqualTo(303);
        Response again = confirm(new PageClient(), link);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body().asString()).contains("already used");
    }

    @Test
    void aLinkOpenedManyTimesAtOnceWorksExactlyOnce() throws Exception {
        String link = verificationLink(new PageClient());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> confirm(new PageClient(), link).statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 303).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signUpIsRateLimitedPerAddress() {
        PageClient client = new PageClient();
        for (int i = 0; i < 30; i++) {
            assertThat(signUp(client, "bad-" + i, PASSWORD, "X").statusCode()).isEqualTo(400);
        }
        Response limited = signUp(client, "bad-31", PASSWORD, "X");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(limited.body().asString()).contains("Too many attempts");
    }

    /** What the button on the link's page does. */
    private static Response confirm(PageClient client, String link) {
        return client.post("/verify-email", Map.of("token", token(link)));
    }

    private static String token(String link) {
        return java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String verificationLink(PageClient client) {
        String email = TestTenants.email("link");
        signUp(client, email, PASSWORD, "Links");
        return Mailbox.link(new Mailbox(greenMail).await(email, "Confirm your email"), "/verify-email?token=");
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES);
    }

    record Created(User user, Account account, Role role) {
    }

    Created created(String email) {
        User user = user(email).orElseThrow();
        Membership membership = Membership.<Membership>find("userId", user.id).firstResult();
        return new Created(user, Account.findById(membership.accountId), membership.role);
    }

    Optional<User> user(String email) {
        return User.find("email", email).firstResultOptional();
    }

    List<Membership> memberships(String email) {
        return Membership.list("userId", user(email).orElseThrow().id);
    }
}
