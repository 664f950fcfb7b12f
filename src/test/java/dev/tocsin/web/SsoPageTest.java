package dev.tocsin.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The authorization-code flow against a mock OIDC provider: the provider vouches for an address,
 * Tocsin finds or creates the user and opens its own session.
 */
@QuarkusTest
class SsoPageTest {

    @OidcWireMock
    WireMockServer provider;

    @Inject
    TestTenants tenants;

    /** Makes the provider's token endpoint answer with an ID token for this address. */
    private void providerVouchesFor(String email, boolean verified) {
        String idToken = Jwt.claims()
                .issuer("https://server.example.com")
                .audience("tocsin")
                .subject("sub-" + email)
                .claim("email", email)
                .claim("email_verified", verified)
                .claim("name", "Sam Sso")
                .jws().keyId("1").sign("privateKey.jwk");
        provider.stubFor(post("/auth/realms/quarkus/token")
                .withRequestBody(containing("authorization_code"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + idToken + "\",\"id_token\":\"" + idToken + "\",\"token_type\":\"Bearer\"}")));
    }

    /** Follows the redirects like a browser, across Tocsin and the provider, keeping cookies. */
    private static Map<String, String> signInThroughProvider() {
        Map<String, String> cookies = new HashMap<>();
        String url = "http://localhost:8081/login/sso";
        for (int hop = 0; hop < 10; hop++) {
            Response response = given().redirects().follow(false).cookies(cookies).get(url);
            response.getDetailedCookies().forEach(c -> cookies.put(c.getName(), c.getValue()));
            if (response.statusCode() / 100 != 3) {
                throw new AssertionError("Flow stopped at " + url + " with " + response.statusCode() + ": " + response.body().asString());
            }
            String location = response.header("Location");
            if (location.startsWith("http%3A")) {
                // The mock provider echoes redirect_uri as it received it, still URL-encoded.
                int query = location.indexOf('?');
                location = java.net.URLDecoder.decode(location.substring(0, query), java.nio.charset.StandardCharsets.UTF_8)
                        + location.substring(query);
            }
            if (location.endsWith("/app")) {
                return cookies;
            }
            if (location.contains("/auth/realms/quarkus?") || location.contains("/auth/realms/quarkus/?")) {
                // The provider's login form submits to /login, which redirects back with a code.
                location = location.replaceFirst("/auth/realms/quarkus/?\\?", "/login?");
            }
            url = location.startsWith("/") ? "http://localhost:8081" + location : location;
        }
        throw new AssertionError("Too many redirects");
    }

    @Test
    void firstSignInCreatesAVerifiedUserWithATrialAccount() {
        String email = TestTenants.email("sso");
        providerVouchesFor(email, true);
        Map<String, String> cookies = signInThroughProvider();
        assertThat(cookies.get("tocsin_session")).isNotBlank();
        String app = given().cookies(cookies).get("/app").then().statusCode(200).extract().body().asString();
        assertThat(app).contains(email).contains("Sam Sso&#39;s account");
        User user = User.<User>find("email", email).firstResult();
        assertThat(user.emailVerified()).isTrue();
        assertThat(user.passwordHash).isNull();
    }

    @Test
    void existingUserIsLinkedByVerifiedEmail() {
        TestTenants.Cast cast = tenants.create();
        providerVouchesFor(cast.bob().email(), true);
        Map<String, String> cookies = signInThroughProvider();
        String app = given().cookies(cookies).get("/app").then().statusCode(200).extract().body().asString();
        assertThat(app).contains("Account A").contains(cast.bob().email());
        List<Membership> memberships = Membership.list("userId", cast.bob().userId());
        assertThat(memberships).extracting(m -> m.role).containsExactly(Role.MEMBER);
    }

    @Test
    void anAddressPreRegisteredWithoutProofLosesItsPasswordAndSessionsToTheVerifiedOwner() {
        String email = TestTenants.email("squatted");
        dev.tocsin.testing.PageClient squatter = new dev.tocsin.testing.PageClient();
        squatter.post("/signup", Map.of("email", email, "password", "the squatter's passphrase", "accountName", "Squat"));
        squatter.post("/login", Map.of("email", email, "password", "the squatter's passphrase"));
        assertThat(squatter.get("/app").statusCode()).as("the squatter is signed in").isEqualTo(200);

        providerVouchesFor(email, true);
        signInThroughProvider();

        assertThat(given().redirects().follow(false).cookie("tocsin_session", squatter.cookie("tocsin_session")).get("/app").statusCode())
                .as("the squatter's session ended").isEqualTo(303);
        assertThat(new dev.tocsin.testing.PageClient().post("/login", Map.of("email", email, "password", "the squatter's passphrase"))
                .header("Location")).as("the squatter's password no longer signs in").isNull();
        assertThat(User.<User>find("email", email).firstResult().passwordHash).isNull();
    }

    @Test
    void unverifiedEmailIsRefused() {
        String email = TestTenants.email("unverified");
        providerVouchesFor(email, false);
        assertThatThrownBy(SsoPageTest::signInThroughProvider).hasMessageContaining("403").hasMessageContaining("not verified");
        assertThat(User.count("email", email)).isZero();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatThrownBy(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.assertThatThrownBy(call);
    }
}
