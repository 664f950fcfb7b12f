package dev.tocsin.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The operational surface every deployment relies on: health, metrics, OpenAPI, the front page. */
@QuarkusTest
class PlatformTest {

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections")));
    }

    @Test
    void livenessAnswers() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Tocsin API"))
                .body("components.securitySchemes.apiKey.type", equalTo("http"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/monitors'.get.security[0].apiKey", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theApiReferenceIsServedAtAStablePathLinkedFromTheHomePage() {
        given().redirects().follow(true).when().get("/docs/api").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/").then().body(containsString("href=\"/docs/api\""));
    }

    @Test
    void frontPageSaysWhatTocsinIsAndWhatItCosts() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("$9 / month"))
                .body(containsString("14 days"));
    }

    @Test
    void unknownPageIsAReadableHtmlPage() {
        given().accept("text/html").when().get("/no-such-page")
                .then().statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("404"))
                .body(not(containsString("Exception")));
    }
}
