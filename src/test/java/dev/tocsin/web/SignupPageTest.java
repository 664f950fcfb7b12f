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

        Response verified = client.get(link.substring("http://localhost:8081".length()));
        assertThat(verified.statusCode()).isEqualTo(303);
        assertThat(verified.header("Location")).endsWith("/app?notice=verified");
        assertThat(client.cookie(PageClient.SESSION_COOKIE)).isNotBlank();
        assertThat(verified.getDetailedCookie(PageClient.SESSION_COOKIE).isHttpOnly()).isTrue();
        assertThat(verified.getDetailedCookie(PageClient.SESSION_COOKIE).getSameSite()).isEqualTo("Lax");

        Response app = client.get("/app");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body().asString()).contains(email).contains("Acme Ops").contains("14</span> days left");

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
    }

    @Test
    void verificationLinkWorksOnce() {
        PageClient client = new PageClient();
        String path = verificationLink(client).substring("http://localhost:8081".length());
        assertThat(client.get(path).statusCode()).isEqualTo(303);
        Response again = new PageClient().get(path);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body().asString()).contains("already used");
    }

    @Test
    void aLinkOpenedManyTimesAtOnceWorksExactlyOnce() throws Exception {
        String path = verificationLink(new PageClient()).substring("http://localhost:8081".length());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> new PageClient().get(path).statusCode()));
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
