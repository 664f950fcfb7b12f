package dev.tocsin.notify;

import dev.tocsin.catalog.ErrorDecoder;
import java.time.Clock;
import java.time.Duration;

import dev.tocsin.platform.outbound.OutboundResponse;

/**
 * How one attempt went. {@code RETRY} is worth trying again; {@code FAILED} never will be (a 4xx other
 * than 408 and 429, a redirect); {@code GONE} (410) means the receiver is gone for good: the channel is
 * disabled.
 */
public record DeliveryResult(Outcome outcome, Integer httpStatus, String error, long durationMs, Duration retryAfter) {

    /** A result without a receiver's Retry-After. */
    public DeliveryResult(Outcome outcome, Integer httpStatus, String error, long durationMs) {
        this(outcome, httpStatus, error, durationMs, null);
    }

    public enum Outcome {
        DELIVERED, RETRY, FAILED, GONE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static DeliveryResult delivered(Integer status, long durationMs) {
        return new DeliveryResult(Outcome.DELIVERED, status, null, durationMs);
    }

    /** An attempt given up before sending, for a reason that retrying will not change. */
    public static DeliveryResult refused(String why) {
        return new DeliveryResult(Outcome.FAILED, null, why, 0);
    }

    /** Classifies an HTTP answer: 2xx delivered, 410 gone, 408/429/5xx and transport failures retried. */
    public static DeliveryResult of(OutboundResponse r) {
        long ms = r.timings().totalMs();
        if (r.failure().isPresent()) {
            return new DeliveryResult(Outcome.RETRY, null, r.failure().get().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + r.failure().get().message(), ms);
        }
        int s = r.status();
        if (s >= 200 && s <= 299) {
            return delivered(s, ms);
        }
        String error = "answered " + s + excerpt(r.bodyText());
        if (s == 410) {
            return new DeliveryResult(Outcome.GONE, s, error, ms);
        }
        if (s == 408 || s == 429 || s >= 500) {
            // A receiver that says when to come back (429, 503) is heard; Backoff caps how long it may ask for.
            Duration wait = s == 429 || s == 503 ? ErrorDecoder.retryAfter(r.headers(), Clock.systemUTC()).orElse(null) : null;
            return new DeliveryResult(Outcome.RETRY, s, error, ms, wait);
        }
        if (s >= 300 && s <= 399) {
            return new DeliveryResult(Outcome.FAILED, s, error + " (redirects are not followed; use the final URL)", ms);
        }
        return new DeliveryResult(Outcome.FAILED, s, error, ms);
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.isEmpty() ? "" : ": " + (flat.length() > 200 ? flat.substring(0, 200) + "…" : flat);
    }
}
