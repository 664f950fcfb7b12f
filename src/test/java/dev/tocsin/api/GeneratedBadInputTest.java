package dev.tocsin.api;

import static dev.tocsin.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every field of every operation the OpenAPI document lists: NUL, control
 * characters, a million characters, extreme numbers and instants. Each must be refused with a 4xx
 * problem (or, for harmless characters, accepted), never a 500. Generated from {@code /q/openapi}, so a
 * new endpoint is covered without a new test.
 */
@QuarkusTest
class GeneratedBadInputTest {

    private static final String NUL = "a\u0000b";
    private static final String CONTROL = "\u0001\u0008\u001b\u007f\r\n";
    private static final String HUGE = "x".repeat(1_000_000);
    private static final List<String> INSTANTS = List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "+294277-01-01T00:00:00Z", "10000-01-01T00:00:00Z");
    /** Operations that would end the test's own access or need another flow's state. */
    private static final Set<String> SKIPPED = Set.of("DELETE /api/v1/api-keys/{id}");

    @Inject
    TestTenants tenants;

    @Inject
    ObjectMapper json;

    private int sent;

    @Test
    void noFieldOfAnyEndpointGivesA500() throws Exception {
        TestTenants.Cast cast = tenants.create();
        String key = cast.alice().writeKey();
        Map<String, String> ids = ids(cast, key);
        JsonNode doc = json.readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
        List<String> failures = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/") || path.getKey().startsWith("/api/v1/test-only/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (method.equals("DELETE") || SKIPPED.contains(method + " " + path.getKey())) {
                    continue; // nothing to fill in, and deleting the fixtures would turn the rest into 404s
                }
                operations++;
                String url = fill(path.getKey(), ids);
                for (Map.Entry<String, String> param : queryParameters(op.getValue(), path.getValue()).entrySet()) {
                    for (Map.Entry<String, Object> bad : badValues().entrySet()) {
                        if (bad.getValue() instanceof String text && text.length() < 10_000) {
                            check(failures, method + " " + path.getKey() + " ?" + param.getKey() + "=" + bad.getKey(),
                                    mustRefuse(bad.getKey(), param.getValue()), param.getKey(), as(key).queryParam(param.getKey(), text).request(method, url));
                        }
                    }
                }
                for (Map.Entry<String, String> field : bodyFields(doc, op.getValue()).entrySet()) {
                    for (Map.Entry<String, Object> bad : badValues().entrySet()) {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        body.set(field.getKey(), json.valueToTree(bad.getValue()));
                        check(failures, method + " " + path.getKey() + " " + field.getKey() + "=" + bad.getKey(),
                                mustRefuse(bad.getKey(), field.getValue()), field.getKey(),
                                as(key).body(json.writeValueAsString(body)).request(method, url));
                    }
                }
            }
        }
        assertThat(operations).as("operations found in the OpenAPI document").isGreaterThan(20);
        assertThat(failures).isEmpty();
    }

    /**
     * NUL and a million characters fit no field; an out-of-range instant fits no date-time field. Control
     * characters and extreme numbers may be accepted where harmless (a name), but never with a 500.
     */
    private static boolean mustRefuse(String kind, String format) {
        return kind.equals("nul") || kind.equals("huge") || kind.startsWith("instant") && "date-time".equals(format);
    }

    private void check(List<String> failures, String what, boolean mustRefuse, String field, Response response) {
        if (++sent % 150 == 0) {
            MutableClock.INSTANCE.advance(Duration.ofSeconds(61)); // stay under the per-key rate limit
        }
        int status = response.statusCode();
        if (status >= 500 || mustRefuse && status < 400 || status == 429) {
            failures.add(what + " -> " + status + " " + abbreviate(response.asString()));
        } else if (status >= 400 && status != 413 && !response.contentType().startsWith("application/problem+json")) {
            failures.add(what + " -> " + status + " not problem+json");
        } else if (mustRefuse && status == 400 && !what.endsWith("=huge")
                && !String.valueOf(response.jsonPath().getList("errors.field")).contains(field)) {
            failures.add(what + " -> 400 without naming " + field + ": " + abbreviate(response.asString()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static Map<String, Object> badValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("nul", NUL);
        values.put("control", CONTROL);
        values.put("huge", HUGE);
        values.put("number-big", new BigDecimal("1e308"));
        values.put("number-long", new BigInteger("-9223372036854775809"));
        for (int i = 0; i < INSTANTS.size(); i++) {
            values.put("instant-" + i, INSTANTS.get(i));
        }
        return values;
    }

    /** Real ids of the account's objects, so requests reach validation instead of stopping at 404. */
    private Map<String, String> ids(TestTenants.Cast cast, String key) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("/api/v1/monitors/", cast.monitorA().toString());
        ids.put("/api/v1/channels/", as(key).body(Map.of("type", "webhook", "target", "https://hooks.example.com/x"))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id"));
        ids.put("/api/v1/routes/", as(key).get("/api/v1/routes").then().statusCode(200).extract().path("items[0].id"));
        ids.put("/api/v1/maintenance-windows/", as(key).body(Map.of("startsAt", MutableClock.INSTANCE.instant().minus(Duration.ofHours(1)).toString(),
                "endsAt", MutableClock.INSTANCE.instant().plus(Duration.ofDays(1)).toString()))
                .post("/api/v1/maintenance-windows").then().statusCode(201).extract().path("id"));
        return ids;
    }

    private static String fill(String template, Map<String, String> ids) {
        for (Map.Entry<String, String> prefix : ids.entrySet()) {
            if (template.startsWith(prefix.getKey())) {
                return template.replaceFirst("\\{[^}]+}", prefix.getValue());
            }
        }
        return template.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
    }

    /** Query parameter names and their formats. */
    private static Map<String, String> queryParameters(JsonNode operation, JsonNode pathItem) {
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode p : List.of(operation.path("parameters"), pathItem.path("parameters"))) {
            p.forEach(param -> {
                if ("query".equals(param.path("in").asText())) {
                    names.put(param.path("name").asText(), param.path("schema").path("format").asText(""));
                }
            });
        }
        return names;
    }

    /** Body field names and their formats. */
    private static Map<String, String> bodyFields(JsonNode doc, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            schema = doc.path("components").path("schemas").path(name);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(f -> fields.put(f.getKey(), format(doc, f.getValue())));
        return fields;
    }

    private static String format(JsonNode doc, JsonNode schema) {
        if (schema.has("$ref")) {
            schema = doc.path("components").path("schemas").path(schema.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        return schema.path("format").asText("");
    }
}
