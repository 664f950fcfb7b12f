package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordResetPageTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Inject
    TestTenants tenants;

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    jakarta.persistence.EntityManager em;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    private String resetLink(String email) {
        Response answer = new PageClient().post("/forgot-password", Map.of("email", email));
        assertThat(answer.statusCode()).isEqualTo(200);
        String link = Mailbox.link(new Mailbox(greenMail).await(email, "Reset your Tocsin password"), "/reset-password?token=");
        return link.substring("http://localhost:8081".length());
    }

    private static String token(String path) {
        return java.net.URLDecoder.decode(path.substring(path.indexOf("token=") + 6), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void resetLinkSetsANewPasswordSignsInAndEndsOtherSessions() {
        TestTenants.Cast cast = tenants.create();
        PageClient elsewhere = new PageClient();
        elsewhere.post("/login", Map.of("email", cast.alice().email(), "password", TestTenants.PASSWORD));
        assertThat(elsewhere.get("/app").statusCode()).isEqualTo(200);

        PageClient client = new PageClient();
        String path = resetLink(cast.alice().email());
        assertThat(client.get(path).statusCode()).isEqualTo(200);
        Response reset = client.post("/reset-password", Map.of("token", token(path), "password", NEW_PASSWORD));
        assertThat(reset.statusCode()).isEqualTo(303);
        assertThat(reset.header("Location")).endsWith("/app?notice=password-changed");
        assertThat(client.get("/app").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/app").statusCode()).as("the other session was signed out").isEqualTo(303);

        assertThat(new PageClient().post("/login", Map.of("email", cast.alice().email(), "password", NEW_PASSWORD)).statusCode())
                .isEqualTo(303);
        assertThat(new PageClient().post("/login", Map.of("email", cast.alice().email(), "password", TestTenants.PASSWORD)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void unknownAddressGetsTheSamePageAndAMailThroughTheSameOutbox() {
        // Timing must not tell which addresses have an account: both paths queue one mail in the outbox.
        TestTenants.Cast cast = tenants.create();
        long resets = queued("account.resetPassword");
        new PageClient().post("/forgot-password", Map.of("email", cast.alice().email()));
        assertThat(queued("account.resetPassword")).isEqualTo(resets + 1);

        String stranger = TestTenants.email("stranger");
        long noAccount = queued("account.noAccount");
        Response answer = new PageClient().post("/forgot-password", Map.of("email", stranger));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().asString()).contains("If an account exists for " + stranger);
        assertThat(queued("account.noAccount")).isEqualTo(noAccount + 1);
        var mail = new Mailbox(greenMail).await(stranger, "Reset your Tocsin password");
        assertThat(Mailbox.text(mail)).contains("has no Tocsin account").doesNotContain("/reset-password?token=");
    }

    private long queued(String kind) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from mail_outbox where kind = ?1").setParameter(1, kind).getSingleResult()).longValue());
    }

    @Test
    void resetLinkWorksOnce() {
        TestTenants.Cast cast = tenants.create();
        String path = resetLink(cast.bob().email());
        assertThat(new PageClient().post("/reset-password", Map.of("token", token(path), "password", NEW_PASSWORD)).statusCode())
                .isEqualTo(303);
        Response again = new PageClient().post("/reset-password", Map.of("token", token(path), "password", "yet another passphrase"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body().asString()).contains("already used");
    }

    @Test
    void weakNewPasswordIsRefusedAndTheLinkStaysUsable() {
        TestTenants.Cast cast = tenants.create();
        String path = resetLink(cast.charlie().email());
        Response weak = new PageClient().post("/reset-password", Map.of("token", token(path), "password", "short"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body().asString()).contains("at least 10 characters");
        assertThat(new PageClient().post("/reset-password", Map.of("token", token(path), "password", NEW_PASSWORD)).statusCode())
                .isEqualTo(303);
    }

    @Test
    void expiredResetLinkIsRefused() {
        TestTenants.Cast cast = tenants.create();
        String path = resetLink(cast.alice().email());
        MutableClock.INSTANCE.advance(Duration.ofMinutes(61));
        assertThat(new PageClient().get(path).statusCode()).isEqualTo(400);
        Response post = new PageClient().post("/reset-password", Map.of("token", token(path), "password", NEW_PASSWORD));
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body().asString()).contains("expired");
    }

    @Test
    void forgedResetLinkIsRefused() {
        Response answer = new PageClient().post("/reset-password", Map.of("token", "eyJmb28iOiJiYXIifQ.c2lnbmF0dXJl", "password", NEW_PASSWORD));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body().asString()).contains("not valid");
    }

    @Test
    void resetRequestsAreLimitedPerEmail() {
        TestTenants.Cast cast = tenants.create();
        for (int i = 0; i < 10; i++) {
            assertThat(new PageClient().post("/forgot-password", Map.of("email", cast.bob().email())).statusCode()).isEqualTo(200);
        }
        assertThat(new PageClient().post("/forgot-password", Map.of("email", cast.bob().email())).statusCode()).isEqualTo(429);
    }
}
