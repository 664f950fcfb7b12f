package dev.tocsin.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.platform.problem.Problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MonitorRulesTest {

    private static final Catalog CATALOG = Catalog.shipped();

    private static MonitorDraft http(String url) {
        return new MonitorDraft("api", null, null, url, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    private static MonitorRules.Result resolve(MonitorDraft draft) {
        return MonitorRules.resolve(draft, CATALOG::find, false, 30);
    }

    @Test
    void providerAndCredentialAloneMakeACompleteProviderMonitor() {
        MonitorDraft draft = new MonitorDraft(null, null, "mistral", null, null, null, "sk-test", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        MonitorRules.Result result = resolve(draft);
        assertThat(result.errors()).isEmpty();
        MonitorDraft m = result.monitor();
        assertThat(m.type()).isEqualTo(MonitorType.PROVIDER);
        assertThat(m.name()).isEqualTo("Mistral AI API");
        assertThat(m.url()).isEqualTo("https://api.mistral.ai/v1/models");
        assertThat(m.method()).isEqualTo("GET");
        assertThat(m.models()).contains("mistral-small-latest");
        assertThat(m.intervalSeconds()).isEqualTo(60);
        assertThat(m.timeoutMs()).isEqualTo(15_000);
        assertThat(m.maxLatencyMs()).isEqualTo(3_000);
        assertThat(m.failureThreshold()).isEqualTo(3);
        assertThat(m.successThreshold()).isEqualTo(2);
        assertThat(m.flapThreshold()).isEqualTo(3);
        assertThat(m.flapWindowSeconds()).isEqualTo(600);
        assertThat(m.tlsExpiryDays()).isEqualTo(14);
    }

    @Test
    void defaultIntervalNeverGoesBelowThePlanMinimum() {
        assertThat(MonitorRules.resolve(http("https://example.com"), CATALOG::find, false, 300).monitor().intervalSeconds())
                .isEqualTo(300);
    }

    static Stream<Arguments> invalid() {
        MonitorDraft base = http("https://example.com/health");
        return Stream.of(
                Arguments.of("ftp scheme", with(base, "url", "ftp://example.com"), "url"),
                Arguments.of("no scheme", with(base, "url", "example.com"), "url"),
                Arguments.of("credentials in the URL", with(base, "url", "https://user:pw@example.com"), "url"),
                Arguments.of("missing URL", with(base, "url", null), "url"),
                Arguments.of("unknown method", with(base, "method", "BREW"), "method"),
                Arguments.of("interval too short", with(base, "intervalSeconds", 10), "intervalSeconds"),
                Arguments.of("interval too long", with(base, "intervalSeconds", 86_401), "intervalSeconds"),
                Arguments.of("timeout over 60 s", with(base, "timeoutMs", 60_001), "timeoutMs"),
                Arguments.of("timeout zero", with(base, "timeoutMs", 0), "timeoutMs"),
                Arguments.of("status code 99", with(base, "expectStatus", List.of(200, 99)), "expectStatus[1]"),
                Arguments.of("status code 600", with(base, "expectStatus", List.of(600)), "expectStatus[0]"),
                Arguments.of("failure threshold 0", with(base, "failureThreshold", 0), "failureThreshold"),
                Arguments.of("success threshold 0", with(base, "successThreshold", 0), "successThreshold"),
                Arguments.of("flap threshold 0", with(base, "flapThreshold", 0), "flapThreshold"),
                Arguments.of("flap window 10 s", with(base, "flapWindowSeconds", 10), "flapWindowSeconds"),
                Arguments.of("tls days negative", with(base, "tlsExpiryDays", -1), "tlsExpiryDays"),
                Arguments.of("header with newline", with(base, "headers", Map.of("X-A", "a\r\nX-B: b")), "headers.X-A"),
                Arguments.of("bad header name", with(base, "headers", Map.of("Bad Header", "x")), "headers"),
                Arguments.of("blank tag", with(base, "tags", List.of(" ")), "tags[0]"),
                Arguments.of("unknown provider", with(with(base, "provider", "acme"), "credential", "k"), "provider"),
                Arguments.of("provider without credential", with(with(base, "provider", "openai"), "url", null), "credential"),
                Arguments.of("provider on an http monitor", with(with(base, "type", MonitorType.HTTP), "provider", "openai"), "provider"),
                Arguments.of("blank name", with(base, "name", " "), "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachInvalidFieldIsNamed(String scenario, MonitorDraft draft, String field) {
        assertThat(resolve(draft).errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void anUnknownProviderIsTheOnlyErrorNotAlsoAMissingUrlAndName() {
        MonitorDraft draft = new MonitorDraft(null, null, "acme", null, null, null, "sk-test", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        assertThat(resolve(draft).errors()).containsExactly(
                new FieldError("provider", "is not in the catalog; GET /api/v1/providers lists the known ones"));
    }

    @Test
    void anUnknownProviderWithAUrlStillHasTheUrlChecked() {
        MonitorDraft draft = new MonitorDraft(null, null, "acme", "ftp://x.example.com", null, null, "sk-test", null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
        assertThat(resolve(draft).errors()).extracting(FieldError::field).containsExactlyInAnyOrder("provider", "url");
    }

    /** A copy of the draft with one field replaced, by record component name. */
    private static MonitorDraft with(MonitorDraft d, String field, Object value) {
        var components = MonitorDraft.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(field) ? value : components[i].getAccessor().invoke(d);
            }
            return MonitorDraft.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
