package dev.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode data(String severity) throws Exception {
        return JSON.readTree("""
                {"incident":{"id":"7f0c0000-0000-0000-0000-000000000001","title":"Mistral AI API down","subject":"Mistral AI API",
                 "severity":"%s","cause":"overloaded","reason":"HTTP 503 service_unavailable: Service overloaded",
                 "remedy":"Retry with backoff","firstSeenAt":"2026-11-29T10:00:00Z","url":"https://tocsin.example.com/app/incidents/1"},
                 "monitor":{"name":"Mistral AI API","url":"https://api.mistral.ai/v1/models"},"account":{"id":"a"}}"""
                .formatted(severity));
    }

    @org.junit.jupiter.api.Test
    void vendorTextInAChatMessageMentionsNobody() throws Exception {
        JsonNode data = JSON.readTree(data("down").toString().replace("Service overloaded",
                "@everyone <!channel> <!here> <@U123> & co"));
        JsonNode slack = JSON.readTree(Messages.slack("incident.opened", data));
        assertThat(slack.toString()).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@U123>");
        assertThat(slack.path("text").asText()).contains("&lt;!channel&gt;").contains("&amp; co");
        JsonNode discord = JSON.readTree(Messages.discord("incident.opened", data));
        assertThat(discord.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(discord.path("allowed_mentions").path("parse")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "incident.opened, down, [Tocsin] DOWN Mistral AI API — 503 overloaded",
        "incident.opened, degraded, [Tocsin] DEGRADED Mistral AI API — 503 overloaded",
        "incident.updated, down, [Tocsin] DOWN Mistral AI API — 503 overloaded",
        "incident.resolved, down, [Tocsin] RESOLVED Mistral AI API — 503 overloaded",
        "incident.acknowledged, down, [Tocsin] ACK Mistral AI API — 503 overloaded",
        "incident.reminder, down, [Tocsin] REMINDER Mistral AI API — 503 overloaded"})
    void subjects(String event, String severity, String subject) throws Exception {
        assertThat(Messages.subject(event, data(severity))).isEqualTo(subject);
    }

    @Test
    void aCauseWithoutHttpStatusStandsAlone() throws Exception {
        JsonNode timeout = JSON.readTree("{\"incident\":{\"subject\":\"Checkout\",\"severity\":\"down\",\"cause\":\"timeout\","
                + "\"reason\":\"No response before the timeout\"}}");
        assertThat(Messages.subject("incident.opened", timeout)).isEqualTo("[Tocsin] DOWN Checkout — timeout");
    }

    @ParameterizedTest
    @CsvSource({"incident.opened, trigger", "incident.updated, trigger", "incident.reminder, trigger",
        "incident.acknowledged, acknowledge", "incident.resolved, resolve"})
    void pagerDutyActionsShareTheIncidentAsDedupKey(String event, String action) throws Exception {
        JsonNode body = JSON.readTree(Messages.pagerduty("R0UTINGKEY0000000000000000000000", event, data("down")));
        assertThat(body.path("event_action").asText()).isEqualTo(action);
        assertThat(body.path("dedup_key").asText()).isEqualTo("7f0c0000-0000-0000-0000-000000000001");
        assertThat(body.path("routing_key").asText()).isEqualTo("R0UTINGKEY0000000000000000000000");
        assertThat(body.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(body.path("payload").path("summary").asText()).startsWith(event.equals("incident.resolved") ? "RESOLVED" : "");
    }

    @Test
    void slackAndDiscordCarryTheSubjectAndTheDecodedCause() throws Exception {
        JsonNode slack = JSON.readTree(Messages.slack("incident.opened", data("down")));
        assertThat(slack.path("text").asText()).isEqualTo("DOWN Mistral AI API — 503 overloaded: HTTP 503 service_unavailable: Service overloaded");
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText()).contains("What to do: Retry with backoff");
        JsonNode discord = JSON.readTree(Messages.discord("incident.resolved", data("down")));
        assertThat(discord.path("embeds").get(0).path("title").asText()).isEqualTo("[Tocsin] RESOLVED Mistral AI API — 503 overloaded");
        assertThat(discord.path("embeds").get(0).path("color").asInt()).isEqualTo(0x2EB67D);
    }

    @Test
    void theWebhookBodyIsTypeTimestampAndData() throws Exception {
        JsonNode body = JSON.readTree(Messages.webhook("incident.opened", Instant.parse("2026-11-29T10:00:01Z"), data("down")));
        assertThat(body.path("type").asText()).isEqualTo("incident.opened");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-11-29T10:00:01Z");
        assertThat(body.path("data").path("incident").path("cause").asText()).isEqualTo("overloaded");
        assertThat(body.path("data").path("account").path("id").asText()).isEqualTo("a");
    }
}
