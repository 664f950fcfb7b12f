package dev.tocsin.api;

import static dev.tocsin.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.platform.outbound.AddressGuard;
import dev.tocsin.platform.outbound.PublicTargets;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input the API cannot act on as meant is refused, precisely, and nothing is written. */
@QuarkusTest
class StrictInputTest {

    private static final String VALIDATION = "https://tocsin.dev/problems/validation";

    @Inject
    TestTenants tenants;

    @Test
    void anUnknownFieldOnCreateIsNamedWithTheFieldMeantAndNothingIsWritten() {
        TestTenants.Person owner = tenants.owner("strict");
        as(owner.writeKey()).body("{\"url\": \"https://strict.example.com/health\", \"interval\": 60, \"colour\": \"red\"}")
                .post("/api/v1/monitors")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(VALIDATION))
                .body("detail", equalTo("unknown field `interval`; did you mean `intervalSeconds`?; unknown field `colour`"))
                .body("errors", hasSize(2))
                .body("errors[0].field", equalTo("interval"))
                .body("errors[0].message", equalTo("is not a known field; did you mean `intervalSeconds`?"))
                .body("errors[1].field", equalTo("colour"));
        as(owner.writeKey()).get("/api/v1/monitors").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void anUnknownFieldOnPatchChangesNothing() {
        TestTenants.Person owner = tenants.owner("strict-patch");
        String id = as(owner.writeKey()).body(Map.of("url", "https://strict.example.com/health")).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
        as(owner.writeKey()).body(Map.of("intervalSecond", 300)).patch("/api/v1/monitors/" + id)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("intervalSecond"))
                .body("errors[0].message", containsString("did you mean `intervalSeconds`?"));
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().statusCode(200).body("intervalSeconds", equalTo(60));
    }

    @Test
    void unknownFieldsAreRefusedOnEveryEndpointThatTakesABody() {
        TestTenants.Person owner = tenants.owner("strict-all");
        as(owner.writeKey()).body(Map.of("type", "webhook", "target", "https://hooks.example.com/x", "enable", false))
                .post("/api/v1/channels")
                .then().statusCode(400).body("errors[0].message", equalTo("is not a known field; did you mean `enabled`?"));
        as(owner.writeKey()).body(Map.of("name", "ci", "scope", "write", "scopes", "read"))
                .post("/api/v1/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("scopes"));
        as(owner.writeKey()).get("/api/v1/channels").then().statusCode(200).body("items.type", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem("webhook")));
    }

    @Test
    void anUnknownProviderAnswersOnlyThat() {
        TestTenants.Person owner = tenants.owner("strict-provider");
        as(owner.writeKey()).body(Map.of("provider", "acme", "credential", "sk-test")).post("/api/v1/monitors")
                .then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("provider"))
                .body("detail", equalTo("provider: is not in the catalog; GET /api/v1/providers lists the known ones"));
    }

    /**
     * Tests allow private addresses (their stubs listen on localhost), so the rule as production runs it
     * stands in for this test only.
     */
    @Test
    void privateHostsAreRefusedWhenSavedWhileTheyAreDisallowed() {
        QuarkusMock.installMockForType(new PublicTargets(new AddressGuard(false)), PublicTargets.class);
        TestTenants.Person owner = tenants.owner("strict-private");
        as(owner.writeKey()).body(Map.of("url", "http://127.0.0.1:9/health")).post("/api/v1/monitors")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/private-address"))
                .body("errors[0].field", equalTo("url"))
                .body("detail", containsString("tocsin.outbound.allow-private-addresses"));
        as(owner.writeKey()).get("/api/v1/monitors").then().statusCode(200).body("items", hasSize(0));

        String id = as(owner.writeKey()).body(Map.of("url", "https://public.example.com/health")).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id");
        as(owner.writeKey()).body(Map.of("url", "http://169.254.169.254/latest/meta-data")).patch("/api/v1/monitors/" + id)
                .then().statusCode(422).body("errors[0].field", equalTo("url"));
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("url", equalTo("https://public.example.com/health"));

        as(owner.writeKey()).body(Map.of("type", "webhook", "target", "http://10.0.0.5/hook")).post("/api/v1/channels")
                .then().statusCode(422).body("errors[0].field", equalTo("target"));
    }
}
