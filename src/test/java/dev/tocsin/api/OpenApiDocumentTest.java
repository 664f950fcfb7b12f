package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import dev.tocsin.testing.contract.ApiContract;
import dev.tocsin.testing.contract.ContractFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The document at /q/openapi is the API's contract: valid, about the API only, and usable with a key. */
@QuarkusTest
class OpenApiDocumentTest {

    private static SwaggerParseResult parsed() {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        return new OpenAPIV3Parser().readContents(json);
    }

    @Test
    void theDocumentValidatesWithoutAMessage() {
        SwaggerParseResult result = parsed();
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0");
    }

    @Test
    void everyCauseFieldListsTheCausesItCanHoldSlowIncluded() {
        Map<String, io.swagger.v3.oas.models.media.Schema> schemas = parsed().getOpenAPI().getComponents().getSchemas();
        List<String> probe = java.util.Arrays.stream(dev.tocsin.catalog.Cause.values()).map(dev.tocsin.catalog.Cause::code).toList();
        assertThat(causes(schemas, "Result")).as("a probe result's causes")
                .containsAll(probe).contains("slow", "assertion").doesNotContain("vendor", "spend");
        for (String name : List.of("Incident", "IncidentTimelineEntry", "Suppressed")) {
            assertThat(causes(schemas, name)).as(name)
                    .containsAll(probe).contains("flapping", "vendor", "spend");
        }
    }

    @SuppressWarnings("rawtypes")
    private static List<Object> causes(Map<String, io.swagger.v3.oas.models.media.Schema> schemas, String name) {
        io.swagger.v3.oas.models.media.Schema<?> cause = (io.swagger.v3.oas.models.media.Schema<?>) schemas.get(name).getProperties().get("cause");
        return new java.util.ArrayList<Object>(cause.getEnum());
    }

    @Test
    void onlyTheApiAndTheStripeWebhookAreDocumented() {
        OpenAPI api = parsed().getOpenAPI();
        assertThat(api.getPaths().keySet())
                .contains("/api/v1/monitors", "/api/v1/monitors/{id}", "/api/v1/subscription", "/api/v1/subscription/checkout",
                        "/api/v1/subscription/portal", "/webhooks/stripe")
                .allMatch(p -> p.startsWith("/api/v1/") || p.equals("/v1/traces") || p.startsWith("/webhooks/"));
        assertThat(api.getComponents().getSchemas().keySet())
                .doesNotContain("EngineImpl", "TemplateInstance", "AtomicLong", "Template", "Variant")
                .contains("Problem", "Monitor");
    }

    @Test
    void everyApiOperationTakesTheBearerKeyAndNoOtherSchemeIsDeclared() {
        OpenAPI api = parsed().getOpenAPI();
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertThat(schemes).containsOnlyKeys("apiKey");
        assertThat(schemes.get("apiKey").getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(schemes.get("apiKey").getScheme()).isEqualTo("bearer");
        assertThat(api.getSecurity()).isNullOrEmpty();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (path.startsWith("/api/v1/") || path.equals("/v1/traces")) {
                assertThat(op.getSecurity()).as(method + " " + path).hasSize(1);
                assertThat(op.getSecurity().get(0)).as(method + " " + path).containsOnlyKeys("apiKey");
                assertThat(op.getResponses()).as(method + " " + path).containsKeys("401", "429", "500");
            } else {
                assertThat(op.getSecurity()).as("Stripe signs its calls; it has no key").isEmpty();
            }
        }));
    }

    @Test
    void createsAreDocumentedAs201WithTheirBodyAndErrorsAsProblems() {
        OpenAPI api = parsed().getOpenAPI();
        for (String path : List.of("/api/v1/monitors", "/api/v1/channels", "/api/v1/routes", "/api/v1/maintenance-windows",
                "/api/v1/api-keys")) {
            Operation create = api.getPaths().get(path).getPost();
            assertThat(create.getResponses()).as(path).containsKey("201").doesNotContainKey("200");
            assertThat(create.getResponses().get("201").getContent().get("application/json").getSchema().get$ref())
                    .as(path).isNotNull();
            assertThat(create.getResponses().get("400").getContent()).as(path).containsOnlyKeys("application/problem+json");
        }
        PathItem monitor = api.getPaths().get("/api/v1/monitors/{id}");
        assertThat(monitor.getDelete().getResponses()).containsKeys("204", "404");
        assertThat(monitor.getPatch().getResponses()).containsKeys("200", "400", "404", "422");
    }

    @Test
    void everyApiAnswerInTheSuiteIsHeldToTheDocument() {
        assertThat(io.restassured.RestAssured.filters()).contains(ContractFilter.INSTANCE);
        long before = ContractFilter.INSTANCE.checked();
        given().get("/api/v1/account").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        assertThat(ContractFilter.INSTANCE.checked()).as("the API answer only").isEqualTo(before + 1);
    }

    /** The check every API test runs through must be able to fail, or it proves nothing. */
    @Test
    void theContractRefusesAnAnswerTheDocumentDoesNotDescribe() {
        ApiContract contract = ApiContract.ofRunningApp();
        Request get = SimpleRequest.Builder.get("/api/v1/monitors/" + java.util.UUID.randomUUID()).build();
        assertThat(contract.violations(get, SimpleResponse.Builder.status(418).build()))
                .as("an undocumented status").isNotEmpty();
        assertThat(contract.violations(get, SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"id\": 42, \"paused\": \"maybe\"}").build()))
                .as("fields of the wrong type").isNotEmpty();
        assertThat(contract.violations(get, SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"nameOfAFieldThatDoesNotExist\": 1}").build()))
                .as("a field the document does not name").isNotEmpty();
        assertThat(contract.violations(get, SimpleResponse.Builder.status(404).withContentType("text/html").withBody("<p>").build()))
                .as("an error that is not problem+json").isNotEmpty();
        assertThat(contract.violations(SimpleRequest.Builder.get("/api/v1/not-documented").build(),
                SimpleResponse.Builder.ok().withContentType("application/json").withBody("{}").build()))
                .as("an API path the document lacks").isNotEmpty();
    }
}
