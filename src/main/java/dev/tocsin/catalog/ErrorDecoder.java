package dev.tocsin.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a failed call into a {@link DecodedError}: the cause class, a one-line reason quoting the
 * provider, a remedy, and whether and when to retry. A pure function of its arguments (and of the
 * clock, for an HTTP-date {@code Retry-After}); it never throws on a body, whatever the body is.
 */
public final class ErrorDecoder {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,10}(\\.\\d{1,9})?");
    // The alias is gone or never existed, even where the provider answers 400 rather than 404.
    private static final List<String> MODEL_GONE = List.of("model_not_found", "model_decommissioned", "model_not_available",
            "invalid_model");
    private static final Pattern MODEL_GONE_TEXT = Pattern.compile(
            "(?i)\\bmodel\\b.{0,80}\\b(does not exist|not exist|not found|decommissioned|no longer (supported|available))");
    // Money or the plan is exhausted: every call fails until someone pays or upgrades, however long we wait.
    private static final List<String> OUT_OF_QUOTA = List.of("insufficient_quota", "billing_error", "insufficient_balance");
    // Anthropic's "credit balance is too low" (a 400), DeepSeek's and OpenRouter's bodies, and a Cohere trial key past its
    // monthly allowance. Per-minute wording ("10 API calls / minute", Gemini's RESOURCE_EXHAUSTED) stays rate limiting.
    private static final Pattern OUT_OF_QUOTA_TEXT = Pattern.compile(
            "(?i)credit balance is too low|insufficient (balance|credits)|limited to [0-9,]+ api calls\\s*/\\s*month");

    private ErrorDecoder() {
    }

    /**
     * Decodes an HTTP error. Only error statuses (400–599) are decoded: whether a 2xx or 3xx answer is a
     * failure is for the probe's assertions to say, so those statuses are refused.
     *
     * @param headers response headers; names are matched case-insensitively, may be null
     * @param body    the response body as received, may be null or empty
     * @throws IllegalArgumentException if {@code httpStatus} is not between 400 and 599
     */
    public static DecodedError decode(ErrorShape shape, int httpStatus, Map<String, List<String>> headers, String body) {
        return decode(shape, httpStatus, headers, body, Clock.systemUTC());
    }

    /** As {@link #decode(ErrorShape, int, Map, String)}, with the clock that an HTTP-date {@code Retry-After} is measured from. */
    public static DecodedError decode(ErrorShape shape, int httpStatus, Map<String, List<String>> headers, String body, Clock clock) {
        return decode(Remedies.Wording.PROVIDER, shape, httpStatus, headers, body, clock);
    }

    /** As {@link #decode(ErrorShape, int, Map, String, Clock)}, with the remedy in the given {@link Remedies.Wording}. */
    public static DecodedError decode(Remedies.Wording wording, ErrorShape shape, int httpStatus, Map<String, List<String>> headers,
                                      String body, Clock clock) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("only error statuses (400-599) are decoded, not " + httpStatus);
        }
        ErrorBodies.Message message = ErrorBodies.read(shape, body);
        Cause cause = causeOf(httpStatus, message);
        boolean retryable = cause == Cause.RATE_LIMITED || cause == Cause.SERVER_ERROR || cause == Cause.OVERLOADED;
        Optional<Duration> retryAfter = retryable ? retryAfter(headers, clock).or(message::retryDelay) : Optional.empty();
        return new DecodedError(cause, reason(httpStatus, message), Remedies.of(wording, cause, httpStatus), retryable, retryAfter);
    }

    /** Decodes a failure that happened before any HTTP status arrived. {@code detail} is the low-level message, if any. */
    public static DecodedError transportFailure(TransportError error, String detail) {
        return transportFailure(Remedies.Wording.PROVIDER, error, detail);
    }

    /** As {@link #transportFailure(TransportError, String)}, with the remedy in the given {@link Remedies.Wording}. */
    public static DecodedError transportFailure(Remedies.Wording wording, TransportError error, String detail) {
        String lead = switch (error) {
            case TIMEOUT -> "No response before the timeout";
            case DNS -> "The host name did not resolve";
            case CONNECT -> "The connection was refused or dropped";
            case TLS -> "The TLS handshake failed";
        };
        Optional<String> text = detail == null || detail.isBlank() ? Optional.empty() : Optional.of(detail);
        // A certificate problem does not heal within a retry; the others often do.
        return new DecodedError(error.cause(), ReasonText.of(lead, text), Remedies.of(wording, error.cause()), error != TransportError.TLS,
                Optional.empty());
    }

    static Cause causeOf(int status, ErrorBodies.Message message) {
        if (message.hasCode("API_KEY_INVALID")) {
            return Cause.AUTH; // Gemini answers an invalid key with 400 INVALID_ARGUMENT
        }
        if (status < 500 && (status == 402 || OUT_OF_QUOTA.stream().anyMatch(message::hasCode)
                || message.text().filter(text -> OUT_OF_QUOTA_TEXT.matcher(text).find()).isPresent())) {
            return Cause.QUOTA; // whatever 4xx carries it: OpenAI and Cohere say 429, Anthropic 400, DeepSeek 402
        }
        if ((status == 400 || status == 404) && (MODEL_GONE.stream().anyMatch(message::hasCode)
                || message.text().filter(text -> MODEL_GONE_TEXT.matcher(text).find()).isPresent())) {
            return Cause.NOT_FOUND;
        }
        if (status >= 500 && message.hasCode("overloaded_error")) {
            return Cause.OVERLOADED;
        }
        return switch (status) {
            case 429 -> Cause.RATE_LIMITED;
            case 401, 403 -> Cause.AUTH;
            case 404 -> Cause.NOT_FOUND;
            case 503, 529 -> Cause.OVERLOADED;
            default -> status >= 500 ? Cause.SERVER_ERROR : Cause.BAD_REQUEST;
        };
    }

    private static String reason(int status, ErrorBodies.Message message) {
        String lead = "HTTP " + status;
        return switch (message.kind()) {
            case EMPTY -> lead + " with an empty body";
            case HTML -> ReasonText.of(lead + (message.text().isPresent() ? " (HTML page)" : " (HTML or XML page without a title)"),
                    message.text());
            case TEXT -> ReasonText.of(lead, message.text());
            case JSON -> ReasonText.of(message.codes().isEmpty() ? lead : lead + " " + message.codes().get(0), message.text());
        };
    }

    /** {@code Retry-After} in seconds or as an HTTP-date, else {@code retry-after-ms}; a date in the past means now. */
    public static Optional<Duration> retryAfter(Map<String, List<String>> headers, Clock clock) {
        Optional<String> value = header(headers, "Retry-After");
        if (value.isPresent()) {
            String text = value.get();
            if (SECONDS.matcher(text).matches()) {
                return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000)));
            }
            try {
                Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return header(headers, "retry-after-ms").filter(ms -> SECONDS.matcher(ms).matches())
                .map(ms -> Duration.ofNanos(Math.round(Double.parseDouble(ms) * 1_000_000)));
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey()) && entry.getValue() != null) {
                for (String value : entry.getValue()) {
                    if (value != null && !value.isBlank()) {
                        return Optional.of(value.strip());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
