package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodyExcerptTest {

    @Test
    void whitespaceIsCollapsedAndALongBodyCut() {
        assertThat(BodyExcerpt.of("{\n  \"message\":\t\"Service   overloaded\"\n}\n", List.of()))
                .isEqualTo("{ \"message\": \"Service overloaded\" }");
        String excerpt = BodyExcerpt.of("x".repeat(1000), List.of());
        assertThat(excerpt).hasSize(BodyExcerpt.MAX_CHARS + 1).endsWith("…");
    }

    @Test
    void anEmptyBodyHasNoExcerpt() {
        assertThat(BodyExcerpt.of("", List.of())).isNull();
        assertThat(BodyExcerpt.of("  \n", List.of())).isNull();
        assertThat(BodyExcerpt.of(null, List.of())).isNull();
    }

    @Test
    void everyValueSentInAHeaderIsBlankedWithAndWithoutItsScheme() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcdef123456. Also Bearer sk-proj-abcdef123456.\"}}";
        String excerpt = BodyExcerpt.of(body, List.of("Bearer sk-proj-abcdef123456", "application/json"));
        assertThat(excerpt).doesNotContain("abcdef123456").contains("Incorrect API key provided: [redacted]");
    }

    @Test
    void shortHeaderValuesAreLeftAloneSoOrdinaryWordsSurvive() {
        assertThat(BodyExcerpt.of("{\"status\":\"down\"}", List.of("down", "1"))).isEqualTo("{\"status\":\"down\"}");
    }
}
