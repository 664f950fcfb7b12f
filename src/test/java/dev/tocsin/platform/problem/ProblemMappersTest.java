package dev.tocsin.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure under /api/ is problem+json with a stable type and nothing internal in it. */
@QuarkusTest
class ProblemMappersTest {

    private static final String ECHO = "/api/v1/test-only/echo";

    @Inject
    TestTenants tenants;

    private String key;

    @BeforeEach
    void key() {
        if (key == null) {
            key = tenants.create().alice().writeKey();
        }
    }

    private RequestSpecification api() {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void unknownApiPathIsNotFoundProblem() {
        given().when().get("/api/v1/nope")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/not-found"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", containsString("/api/v1/nope"));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsABadRequestNamingItWhileABadPathIdIsNotFound() {
        api().get("/api/v1/monitors?limit=ten").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
        api().get("/api/v1/deliveries?limit=1&incident=x1").then().statusCode(400).body("errors[0].field", equalTo("incident"));
        api().get("/api/v1/monitors/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void malformedJsonIsBadRequestProblem() {
        api().contentType(ContentType.JSON).body("{\"name\": \"x\", ").when().post(ECHO)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/malformed-json"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongTypeNamesTheField() {
        api().contentType(ContentType.JSON).body("{\"name\":\"x\",\"intervalSeconds\":\"soon\"}").when().post(ECHO)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/validation"))
                .body("errors[0].field", equalTo("intervalSeconds"))
                .body("errors[0].message", equalTo("must be a number"))
                .body(not(containsString("soon")));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        api().contentType(ContentType.JSON).body("{\"name\":\"x\",\"intervalSeconds\":60,\"colour\":\"BLUE\"}").when().post(ECHO)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].message", equalTo("must be one of RED, GREEN"));
    }

    @Test
    void beanValidationReportsEveryFieldAndWhy() {
        api().contentType(ContentType.JSON).body("{\"name\":\"\",\"intervalSeconds\":5,\"items\":[{\"label\":\"\"}]}").when().post(ECHO)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/validation"))
                .body("errors.field", hasItems("name", "intervalSeconds", "items[0].label"));
    }

    @Test
    void missingBodyIsAValidationProblem() {
        api().contentType(ContentType.JSON).when().post(ECHO)
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void validBodyPassesThrough() {
        api().contentType(ContentType.JSON).body("{\"name\":\"x\",\"intervalSeconds\":60,\"colour\":\"RED\"}").when().post(ECHO)
                .then().statusCode(200)
                .body("name", equalTo("x"));
    }

    @Test
    void unexpectedFailureHidesItsInternals() {
        api().contentType(ContentType.JSON).body("{}").when().post(ECHO + "/boom")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tocsin.dev/problems/internal"))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("select")))
                .body(not(containsString("dev.tocsin")));
    }

    @Test
    void wrongMediaTypeIsUnsupportedProblem() {
        api().contentType(ContentType.TEXT).body("name=x").when().post(ECHO)
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void oversizeBodyIsRefusedWith413() {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"intervalSeconds\":60}";
        api().contentType(ContentType.JSON).body(huge).when().post(ECHO)
                .then().statusCode(413);
    }
}
