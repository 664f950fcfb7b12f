package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.tocsin.account.keys.ApiKey;
import dev.tocsin.testing.ApiPages;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyResourceTest {

    @Inject
    TestTenants tenants;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    @Test
    void createdKeyIsShownOnceAndThenWorks() {
        TestTenants.Cast cast = tenants.create();
        Response created = as(cast.alice().writeKey()).body(Map.of("name", "ci", "scope", "read")).post("/api/v1/api-keys");
        created.then().statusCode(201)
                .header("Location", notNullValue())
                .body("secret", startsWith("tcs_"))
                .body("scope", equalTo("read"))
                .body("name", equalTo("ci"));
        String secret = created.path("secret");
        assertThat(secret.length()).as("tcs_ + 32 random bytes in base64url").isGreaterThanOrEqualTo(4 + 43);
        String id = created.path("id");

        as(cast.alice().writeKey()).get("/api/v1/api-keys").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }", not(hasKey("secret")))
                .body("items.find { it.id == '" + id + "' }.prefix", equalTo(secret.substring(0, 10)));
        as(secret).get("/api/v1/account").then().statusCode(200).body("id", equalTo(cast.accountA().toString()));
        assertThat(ApiKey.<ApiKey>findById(java.util.UUID.fromString(id)).lastUsedAt).isNotNull();
        assertThat(ApiKey.<ApiKey>findById(java.util.UUID.fromString(id)).secretHash).isNotEqualTo(secret.getBytes());
    }

    @Test
    void readKeyCannotWrite() {
        TestTenants.Cast cast = tenants.create();
        as(cast.readKeyA()).get("/api/v1/api-keys").then().statusCode(200);
        as(cast.readKeyA()).body(Map.of("name", "x", "scope", "write")).post("/api/v1/api-keys")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/read-only-key"));
        as(cast.readKeyA()).delete("/api/v1/api-keys/" + cast.keyIdA()).then().statusCode(403);
    }

    @Test
    void revokedUnknownOrMissingKeysAreUnauthorized() {
        TestTenants.Cast cast = tenants.create();
        as(cast.alice().writeKey()).delete("/api/v1/api-keys/" + cast.keyIdA()).then().statusCode(204);
        as(cast.alice().writeKey()).get("/api/v1/account").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", equalTo("This API key is unknown or revoked."));
        as("tcs_" + "x".repeat(43)).get("/api/v1/account").then().statusCode(401);
        given().get("/api/v1/account").then().statusCode(401).body("type", equalTo("https://tocsin.dev/problems/unauthorized"));
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/api/v1/account").then().statusCode(401);
    }

    @Test
    void revokingTwiceIsHarmless() {
        TestTenants.Cast cast = tenants.create();
        as(cast.alice().writeKey()).delete("/api/v1/api-keys/" + cast.keyIdA()).then().statusCode(204);
        as(cast.alice().writeKey()).delete("/api/v1/api-keys/" + cast.keyIdA()).then().statusCode(401);
    }

    @Test
    void aMemberRevokesOnlyTheirOwnKeysWhileAnOwnerRevokesAnyone() {
        TestTenants.Cast cast = tenants.create();
        String bobsKeyId = as(cast.bob().writeKey()).get("/api/v1/account").then().extract().path("caller.keyId");

        as(cast.bob().writeKey()).delete("/api/v1/api-keys/" + cast.keyIdA()).then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo("https://tocsin.dev/problems/forbidden"));
        as(cast.alice().writeKey()).get("/api/v1/account").then().statusCode(200);

        as(cast.alice().writeKey()).delete("/api/v1/api-keys/" + bobsKeyId).then().statusCode(204);
        as(cast.bob().writeKey()).get("/api/v1/account").then().statusCode(401);
    }

    @Test
    void aKeyWhoseCreatorIsGoneIsRefused() {
        TestTenants.Cast cast = tenants.create();
        as(cast.bob().writeKey()).get("/api/v1/account").then().statusCode(200);
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            jakarta.persistence.EntityManager em = io.quarkus.arc.Arc.container().instance(jakarta.persistence.EntityManager.class).get();
            em.createNativeQuery("update api_keys set created_by = null where created_by = ?1")
                    .setParameter(1, cast.bob().userId()).executeUpdate();
        });
        as(cast.bob().writeKey()).get("/api/v1/account").then().statusCode(401);
        as(cast.bob().writeKey()).body(java.util.Map.of("name", "x")).post("/api/v1/monitors").then().statusCode(401);
    }

    @Test
    void everyInvalidFieldIsNamed() {
        TestTenants.Cast cast = tenants.create();
        as(cast.alice().writeKey()).body(Map.of("scope", "write")).post("/api/v1/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(cast.alice().writeKey()).body(Map.of("name", "x", "scope", "admin")).post("/api/v1/api-keys")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("scope"))
                .body("errors[0].message", equalTo("must be one of read, write"));
        as(cast.alice().writeKey()).body(Map.of("name", "x".repeat(101), "scope", "write")).post("/api/v1/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(cast.alice().writeKey()).body("[1,2]").post("/api/v1/api-keys").then().statusCode(400);
        as(cast.alice().writeKey()).body("{\"name\": \"x\", \"scope\": ").post("/api/v1/api-keys")
                .then().statusCode(400).body("type", equalTo("https://tocsin.dev/problems/malformed-json"));
        as(cast.alice().writeKey()).delete("/api/v1/api-keys/not-a-uuid").then().statusCode(404);
    }

    @Test
    void listPagesThroughEveryKeyOnce() {
        TestTenants.Cast cast = tenants.create();
        for (int i = 0; i < 5; i++) {
            as(cast.alice().writeKey()).body(Map.of("name", "k" + i, "scope", "read")).post("/api/v1/api-keys").then().statusCode(201);
        }
        ApiPages.Walk walk = ApiPages.walk(cast.alice().writeKey(), "/api/v1/api-keys", 3);
        assertThat(walk.pages()).isEqualTo(3);
        assertThat(walk.ids()).hasSize(8).doesNotHaveDuplicates();
        as(cast.alice().writeKey()).queryParam("limit", 0).get("/api/v1/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(cast.alice().writeKey()).queryParam("cursor", "bogus").get("/api/v1/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aKeyCanDoNoMoreThanItsCreatorCanNow() {
        TestTenants.Cast cast = tenants.create();
        dev.tocsin.account.Membership bob = dev.tocsin.account.Membership.find("accountId = ?1 and userId = ?2",
                cast.accountA(), cast.bob().userId()).firstResult();
        setRole(cast, dev.tocsin.account.Role.VIEWER);
        as(cast.bob().writeKey()).get("/api/v1/account").then().statusCode(200);
        as(cast.bob().writeKey()).body(Map.of("name", "x", "scope", "read")).post("/api/v1/api-keys")
                .then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("viewer"));
        removeBob(cast);
        as(cast.bob().writeKey()).get("/api/v1/account").then().statusCode(401);
        assertThat(bob).isNotNull();
    }

    @Test
    void eachKeyIsRateLimitedPerMinute() {
        TestTenants.Cast cast = tenants.create();
        int ok = 0;
        Response last = null;
        for (int i = 0; i < 201; i++) {
            last = as(cast.readKeyA()).get("/api/v1/account");
            if (last.statusCode() == 200) {
                ok++;
            } else {
                break;
            }
        }
        // The minute may roll over during the loop; then a few more pass, never fewer.
        assertThat(ok).isGreaterThanOrEqualTo(200);
        if (ok == 200) {
            last.then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://tocsin.dev/problems/rate-limited"))
                    .header("Retry-After", notNullValue());
            as(cast.alice().writeKey()).get("/api/v1/account").then().statusCode(200);
        }
    }

    @jakarta.transaction.Transactional
    void setRole(TestTenants.Cast cast, dev.tocsin.account.Role role) {
        dev.tocsin.account.Membership.update("role = ?1 where accountId = ?2 and userId = ?3", role, cast.accountA(), cast.bob().userId());
    }

    @jakarta.transaction.Transactional
    void removeBob(TestTenants.Cast cast) {
        dev.tocsin.account.Membership.delete("accountId = ?1 and userId = ?2", cast.accountA(), cast.bob().userId());
    }
}
