package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Inject
    TestTenants tenants;

    @Test
    void describesTheCallersAccountPlanUsageAndLimits() {
        TestTenants.Cast cast = tenants.create();
        given().header("Authorization", "Bearer " + cast.alice().writeKey())
                .get("/api/v1/account")
                .then().statusCode(200)
                .body("id", equalTo(cast.accountA().toString()))
                .body("name", equalTo("Account A"))
                .body("plan", equalTo("trial"))
                .body("subscriptionState", equalTo("trialing"))
                .body("trialEndsAt", notNullValue())
                .body("role", equalTo("owner"))
                .body("caller.type", equalTo("api_key"))
                .body("caller.scope", equalTo("write"))
                .body("usage.members", equalTo(2))
                .body("usage.apiKeys", equalTo(3))
                .body("limits.monitors", equalTo(10))
                .body("limits.minIntervalSeconds", equalTo(60));
    }

    @Test
    void roleIsThatOfTheKeysCreator() {
        TestTenants.Cast cast = tenants.create();
        given().header("Authorization", "Bearer " + cast.bob().writeKey()).get("/api/v1/account")
                .then().statusCode(200).body("role", equalTo("member"));
    }

    @Test
    void auditLogRecordsKeysAndSignUps() {
        TestTenants.Cast cast = tenants.create();
        String id = given().header("Authorization", "Bearer " + cast.alice().writeKey()).contentType("application/json")
                .body(Map.of("name", "temp", "scope", "read")).post("/api/v1/api-keys").path("id");
        given().header("Authorization", "Bearer " + cast.alice().writeKey()).delete("/api/v1/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + cast.readKeyA()).get("/api/v1/audit-events")
                .then().statusCode(200)
                .body("items.action", hasItems("account.created", "api_key.created", "api_key.revoked"))
                .body("items.find { it.action == 'api_key.revoked' }.target", equalTo(id + " temp"));
    }
}
