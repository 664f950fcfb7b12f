package dev.tocsin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.platform.problem.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Unknown request fields are found wherever they sit, and the closest known one is suggested. */
class FieldNamesTest {

    private static final List<String> MONITOR = List.of("name", "type", "provider", "url", "method", "headers", "credential",
            "intervalSeconds", "timeoutMs", "expectStatus", "maxLatencyMs", "tags", "paused");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "none", value = {
            "interval, intervalSeconds",
            "intervalSecond, intervalSeconds",
            "IntervalSeconds, intervalSeconds",
            "timeout, timeoutMs",
            "urll, url",
            "tag, tags",
            "colour, none",
            "x, none"})
    void suggestsTheFieldMostLikelyMeant(String typed, String expected) {
        assertThat(FieldNames.closest(typed, MONITOR).orElse(null)).isEqualTo(expected);
    }

    @Test
    void findsEveryUnknownFieldOfABodyWithItsSuggestion() {
        byte[] body = "{\"interval\": 60, \"url\": \"https://x.example.com\", \"intervalSecond\": 300, \"colour\": 1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(UnknownFields.unknownFields(new ObjectMapper(), MonitorDraft.class, body)).containsExactly(
                new FieldError("interval", "intervalSeconds"),
                new FieldError("intervalSecond", "intervalSeconds"),
                new FieldError("colour", ""));
    }

    @Test
    void namesNestedUnknownFieldsByTheirPath() {
        record Item(String label) {
        }
        record Payload(String name, List<Item> items) {
        }
        byte[] body = "{\"name\": \"n\", \"items\": [{\"label\": \"a\"}, {\"lable\": \"b\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(UnknownFields.unknownFields(new ObjectMapper(), Payload.class, body))
                .containsExactly(new FieldError("items[1].lable", "label"));
    }

    @Test
    void aBodyWithOnlyKnownFieldsOrNoJsonAtAllHasNone() {
        ObjectMapper json = new ObjectMapper();
        assertThat(UnknownFields.unknownFields(json, MonitorDraft.class,
                "{\"url\": \"https://x.example.com\", \"headers\": {\"X-Anything\": \"v\"}}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(UnknownFields.unknownFields(json, MonitorDraft.class, "{\"url\":".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
