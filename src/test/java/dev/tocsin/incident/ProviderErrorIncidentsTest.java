package dev.tocsin.incident;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Provider errors that are not outages, through the real engine: exhausted quota is its own down incident
 * beside rate limiting, and a probe request the API refuses is named as such. Bodies in the vendors' shapes.
 */
@QuarkusTest
class ProviderErrorIncidentsTest extends IncidentTestBase {

    private static final String OPENAI_RATE_LIMIT = """
            {"error":{"message":"Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 500, \
            Used 500, Requested 1. Please try again in 120ms.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
    private static final String OPENAI_QUOTA = """
            {"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more \
            information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",\
            "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""";
    private static final String MISTRAL_EXTRA_PARAMETER = """
            {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","safe_mode"],\
            "msg":"Extra inputs are not permitted","input":true}]},"type":"invalid_request_error","param":null,"code":null}""";

    private static UUID monitor(String key, String provider, String url) {
        return UUID.fromString(as(key).body(Map.of("provider", provider, "credential", "sk-test", "url", url, "models", List.of()))
                .post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
    }

    private void probeUntil(TestTenants.Person owner, UUID monitor, String status) {
        for (int step = 0; step < 40 && !status.equals(statusOf(owner, monitor)); step++) {
            probe(owner.accountId(), 1);
        }
        assertThat(statusOf(owner, monitor)).isEqualTo(status);
    }

    private static String statusOf(TestTenants.Person owner, UUID monitor) {
        return as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200).extract().path("status");
    }

    @Test
    void exhaustedQuotaIsItsOwnDownIncidentNotFoldedIntoRateLimiting() {
        TestTenants.Person owner = tenants.owner("quota");
        stub.reply("/v1/models", Reply.of(429, OPENAI_RATE_LIMIT));
        UUID id = monitor(owner.writeKey(), "openai", stub.url("/v1/models"));
        probeUntil(owner, id, "degraded");

        stub.reply("/v1/models", Reply.of(429, OPENAI_QUOTA));
        probeUntil(owner, id, "down");

        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200).body("items", hasSize(2))
                .body("items.find { it.cause == 'rate_limited' }.title", equalTo("OpenAI API rate limited"))
                .body("items.find { it.cause == 'rate_limited' }.severity", equalTo("degraded"))
                .body("items.find { it.cause == 'quota' }.title", equalTo("OpenAI API out of quota or credit"))
                .body("items.find { it.cause == 'quota' }.severity", equalTo("down"))
                .body("items.find { it.cause == 'quota' }.reason", containsString("insufficient_quota"))
                .body("items.find { it.cause == 'quota' }.remedy", containsString("upgrades the plan"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.opened");
    }

    @Test
    void aProbeRequestTheApiRefusesIsNamedSoAndStillAlerts() {
        TestTenants.Person owner = tenants.owner("refused");
        stub.reply("/v1/models", Reply.of(422, MISTRAL_EXTRA_PARAMETER));
        UUID id = monitor(owner.writeKey(), "mistral", stub.url("/v1/models"));
        probeUntil(owner, id, "down");

        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].title", equalTo("Mistral AI API refuses the probe's request"))
                .body("items[0].cause", equalTo("bad_request"))
                .body("items[0].reason", containsString("HTTP 422 invalid_request_error"))
                .body("items[0].remedy", containsString("check the monitor's request"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");
    }
}
