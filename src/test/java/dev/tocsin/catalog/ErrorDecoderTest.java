package dev.tocsin.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorDecoderTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static Map<String, ErrorShape> shapes;

    @BeforeAll
    static void readShapesFromTheShippedCatalog() {
        shapes = new java.util.HashMap<>();
        CatalogLoader.fromClasspath(Catalog.RESOURCE).forEach(p -> shapes.put(p.id(), p.errorShape()));
        shapes.put("generic", ErrorShape.GENERIC);
    }

    static Stream<RecordedCase> recordedCases() {
        return RecordedCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedCases")
    void decodesRecordedErrorBodies(RecordedCase c) {
        DecodedError decoded = ErrorDecoder.decode(shapes.get(c.provider()), c.status(), c.headers(), c.body(), NOW);

        assertThat(decoded.cause().code()).as("cause").isEqualTo(c.cause());
        assertThat(decoded.retryable()).as("retryable").isEqualTo(c.retryable());
        assertThat(decoded.reason()).as("reason").contains(c.reason());
        assertThat(decoded.remedy()).as("remedy").contains(c.remedy());
        assertThat(decoded.retryAfter()).as("retryAfter").isEqualTo(c.retryAfter());
        assertIsSafeOneLine(decoded.reason());
    }

    static void assertIsSafeOneLine(String reason) {
        assertThat(reason).hasSizeLessThanOrEqualTo(200).doesNotContain("\n", "\r", "\t", "  ")
                .doesNotContainPattern("<[A-Za-z?!/]")
                .doesNotContain("sk-", "AIza", "****", "REQUEST-ECHO");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TIMEOUT, timeout, true,  Read timed out,                                No response before the timeout: Read timed out",
            "DNS,     dns,     true,  api.mistral.ai: Name or service not known,     The host name did not resolve: api.mistral.ai: Name or service not known",
            "CONNECT, connect, true,  Connection refused: api.example.com/10.0.0.1:443, The connection was refused or dropped: Connection refused",
            "TLS,     tls,     false, PKIX path building failed: unable to find valid certification path, The TLS handshake failed: PKIX path building failed",
    })
    void decodesTransportFailures(TransportError error, String cause, boolean retryable, String detail, String reason) {
        DecodedError decoded = ErrorDecoder.transportFailure(error, detail);

        assertThat(decoded.cause().code()).isEqualTo(cause);
        assertThat(decoded.retryable()).isEqualTo(retryable);
        assertThat(decoded.reason()).startsWith(reason);
        assertThat(decoded.remedy()).isNotBlank();
        assertThat(decoded.retryAfter()).isEmpty();
    }

    @Test
    void transportFailureWithoutDetailStillReadsAsASentence() {
        assertThat(ErrorDecoder.transportFailure(TransportError.TIMEOUT, null).reason()).isEqualTo("No response before the timeout");
        assertThat(ErrorDecoder.transportFailure(TransportError.TLS, " \n").reason()).isEqualTo("The TLS handshake failed");
    }

    @Test
    void transportDetailIsCollapsedAndRedacted() {
        String detail = "GET https://generativelanguage.googleapis.com/v1beta/models?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW\n\tfailed";
        String reason = ErrorDecoder.transportFailure(TransportError.CONNECT, detail).reason();

        assertThat(reason).contains("?key=[redacted]").endsWith("failed");
        assertIsSafeOneLine(reason);
    }

    @Test
    void retryAfterAsHttpDateIsMeasuredFromTheClock() {
        var headers = Map.of("Retry-After", List.of("Sun, 29 Nov 2026 12:01:30 GMT"));

        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 429, headers, "", NOW).retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterDateInThePastMeansRetryNow() {
        var headers = Map.of("retry-after", List.of("Sun, 29 Nov 2026 11:00:00 GMT"));

        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 503, headers, "", NOW).retryAfter()).contains(Duration.ZERO);
    }

    @Test
    void retryAfterInMillisecondsIsHonouredWhenNoRetryAfterIsSent() {
        var headers = Map.of("Retry-After-Ms", List.of("1500"));

        assertThat(ErrorDecoder.decode(ErrorShape.OPENAI, 429, headers, "", NOW).retryAfter()).contains(Duration.ofMillis(1500));
    }

    @ParameterizedTest(name = "Retry-After: \"{0}\"")
    @ValueSource(strings = {"soon", "-5", "", "Sunday", "99999999999999999999"})
    void unreadableRetryAfterIsIgnored(String value) {
        var headers = Map.of("Retry-After", List.of(value));

        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 429, headers, "", NOW).retryAfter()).isEmpty();
    }

    @Test
    void headerNamesMatchInAnyCaseAndNullHeadersAreFine() {
        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 429, Map.of("rEtRy-AfTeR", List.of("7")), null, NOW).retryAfter())
                .contains(Duration.ofSeconds(7));
        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 429, null, null).retryAfter()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 204, 301, 304, 399, 600, 0, -1})
    void refusesStatusesThatAreNotErrors(int status) {
        assertThatThrownBy(() -> ErrorDecoder.decode(ErrorShape.OPENAI, status, Map.of(), "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(status));
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"400, bad_request", "401, auth", "402, quota", "403, auth", "404, not_found", "405, bad_request", "408, bad_request",
            "413, bad_request", "422, bad_request", "429, rate_limited", "500, server_error", "501, server_error",
            "502, server_error", "503, overloaded", "504, server_error", "520, server_error", "529, overloaded"})
    void mapsEveryStatusClassEvenWithoutABody(int status, String cause) {
        DecodedError decoded = ErrorDecoder.decode(ErrorShape.GENERIC, status, Map.of(), "");

        assertThat(decoded.cause().code()).isEqualTo(cause);
        assertThat(decoded.retryable()).isEqualTo(status >= 500 || status == 429);
        assertThat(decoded.reason()).isEqualTo("HTTP " + status + " with an empty body");
    }

    static Stream<String> oddBodies() {
        return Stream.of("{", "[]", "[1,2]", "null", "42", "\"quoted text\"", "<", "<>", "{\"error\":null}", "{\"error\":{}}",
                "{\"message\":{}}", "{\"detail\":[{}]}", "\u0000\u0001binary\u0002", "{".repeat(5000),
                "[".repeat(3000) + "]".repeat(3000), "x".repeat(1_000_000), "<html><title>" + "t".repeat(500) + "</title>");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("oddBodies")
    void decodesAnyBodyWithoutThrowing(String body) {
        for (ErrorShape shape : ErrorShape.values()) {
            DecodedError decoded = ErrorDecoder.decode(shape, 500, Map.of(), body);

            assertThat(decoded.cause()).isEqualTo(Cause.SERVER_ERROR);
            assertIsSafeOneLine(decoded.reason());
        }
    }

    @Test
    void longMessagesAreCutToTwoHundredCharacters() {
        String body = "{\"error\":{\"message\":\"" + "word ".repeat(100) + "\",\"type\":\"server_error\"}}";
        String reason = ErrorDecoder.decode(ErrorShape.OPENAI, 500, Map.of(), body).reason();

        assertThat(reason).hasSize(200).startsWith("HTTP 500 server_error: word word").endsWith("…");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe", "sk-or-v1-0123456789abcdef0123456789abcdef",
            "gsk_A1b2C3d4E5f6G7h8I9j0K1l2", "pplx-A1b2C3d4E5f6G7h8I9j0", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6"})
    void neverRepeatsAKeyFromTheBody(String key) {
        String body = "{\"message\":\"The key " + key + " is not valid\"}";
        String reason = ErrorDecoder.decode(ErrorShape.MISTRAL, 401, Map.of(), body).reason();

        assertThat(reason).doesNotContain(key).contains("The key [redacted]").endsWith("is not valid");
    }

    @Test
    void fallsBackToGenericParsingWhenTheBodyDoesNotMatchTheDeclaredShape() {
        String openAiBody = "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

        assertThat(ErrorDecoder.decode(ErrorShape.ANTHROPIC, 401, Map.of(), openAiBody).reason())
                .isEqualTo("HTTP 401 invalid_api_key: Invalid API Key");
        assertThat(ErrorDecoder.decode(ErrorShape.MISTRAL, 401, Map.of(), openAiBody).reason())
                .isEqualTo("HTTP 401 invalid_api_key: Invalid API Key");
        assertThat(ErrorDecoder.decode(null, 401, Map.of(), openAiBody).reason())
                .isEqualTo("HTTP 401 invalid_api_key: Invalid API Key");
    }

    @Test
    void unrecognisedJsonIsShownCompactly() {
        assertThat(ErrorDecoder.decode(ErrorShape.GEMINI, 500, Map.of(), "{ \"oops\" : [1, 2] }").reason())
                .isEqualTo("HTTP 500: {\"oops\":[1,2]}");
    }

    @Test
    void notRetryableErrorsCarryNoRetryDelay() {
        var headers = Map.of("Retry-After", List.of("30"));

        assertThat(ErrorDecoder.decode(ErrorShape.GENERIC, 401, headers, "").retryAfter()).isEqualTo(Optional.empty());
    }
}
