package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.account.audit.AuditEvent;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginPageTest {

    @Inject
    TestTenants tenants;

    private static Response login(PageClient client, String email, String password) {
        return client.post("/login", Map.of("email", email, "password", password, "next", "/app"));
    }

    @Test
    void rightPasswordOpensASessionAndIsAudited() {
        TestTenants.Cast cast = tenants.create();
        PageClient client = new PageClient();
        Response answer = login(client, cast.alice().email(), TestTenants.PASSWORD);
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.header("Location")).endsWith("/app");
        String app = client.get("/app").body().asString();
        assertThat(app).contains(cast.alice().email()).contains("Monitors (1)").contains("A&#39;s monitor").contains("pending");
        assertThat(AuditEvent.count("accountId = ?1 and action = 'user.signed_in' and actorUserId = ?2",
                cast.accountA(), cast.alice().userId())).isEqualTo(1);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        TestTenants.Cast cast = tenants.create();
        Response wrongPassword = login(new PageClient(), cast.alice().email(), "not the password at all");
        Response unknownEmail = login(new PageClient(), TestTenants.email("nobody"), "not the password at all");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body().asString()).contains(LoginPage.WRONG_CREDENTIALS);
        assertThat(unknownEmail.body().asString()).contains(LoginPage.WRONG_CREDENTIALS);
        assertThat(wrongPassword.body().asString()).doesNotContain("no account").doesNotContain("unknown");
    }

    @Test
    void attemptsOnOneEmailAreLimitedWhateverTheAddress() {
        TestTenants.Cast cast = tenants.create();
        for (int i = 0; i < 10; i++) {
            assertThat(login(new PageClient(), cast.bob().email(), "wrong password " + i).statusCode()).isEqualTo(401);
        }
        Response limited = login(new PageClient(), cast.bob().email(), TestTenants.PASSWORD);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(limited.contentType()).contains("text/html");
        assertThat(limited.body().asString()).contains("Too many attempts");
    }

    @Test
    void signOutEndsTheSession() {
        TestTenants.Cast cast = tenants.create();
        PageClient client = new PageClient();
        login(client, cast.alice().email(), TestTenants.PASSWORD);
        String session = client.cookie(PageClient.SESSION_COOKIE);
        assertThat(client.post("/logout", Map.of()).statusCode()).isEqualTo(303);
        Response app = client.get("/app");
        assertThat(app.statusCode()).isEqualTo(303);
        assertThat(app.header("Location")).contains("/login?next=");
        // The old cookie value is dead on the server, not just forgotten by the browser.
        Response replay = io.restassured.RestAssured.given().redirects().follow(false)
                .cookie(PageClient.SESSION_COOKIE, session).get("/app");
        assertThat(replay.statusCode()).isEqualTo(303);
    }

    @Test
    void signInNeverRedirectsOffSite() {
        TestTenants.Cast cast = tenants.create();
        Response answer = new PageClient().post("/login", Map.of("email", cast.alice().email(),
                "password", TestTenants.PASSWORD, "next", "//evil.example.com/steal"));
        assertThat(answer.header("Location")).endsWith("/app");
    }

    @Test
    void pagesNeedASession() {
        for (String page : new String[] {"/app", "/app/api-keys", "/app/members"}) {
            Response answer = new PageClient().get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(303);
            assertThat(answer.header("Location")).as(page).contains("/login?next=");
        }
    }

    @Test
    void loginWithoutCsrfTokenIsRefused() {
        TestTenants.Cast cast = tenants.create();
        PageClient client = new PageClient();
        client.get("/login");
        Response answer = client.postWithoutCsrf("/login", Map.of("email", cast.alice().email(), "password", TestTenants.PASSWORD));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(client.cookie(PageClient.SESSION_COOKIE)).isNull();
    }

    @org.junit.jupiter.api.Test
    void aNextPathNoUriCanHoldFallsBackToTheAppInsteadOfFailingAfterSignIn() {
        org.assertj.core.api.Assertions.assertThat(LoginPage.safeNext("/app/x y")).isEqualTo("/app");
        org.assertj.core.api.Assertions.assertThat(LoginPage.safeNext("/app/\u0000")).isEqualTo("/app");
        org.assertj.core.api.Assertions.assertThat(LoginPage.safeNext("/app/%zz")).isEqualTo("/app");
        org.assertj.core.api.Assertions.assertThat(LoginPage.safeNext("/app/incidents?state=open")).isEqualTo("/app/incidents?state=open");
    }
}
