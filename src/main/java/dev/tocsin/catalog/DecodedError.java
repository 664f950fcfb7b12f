package dev.tocsin.catalog;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call put into words: the cause class, a one-line reason quoting the provider, what to do
 * about it, whether the same call may succeed later, and how long the provider asked us to wait.
 */
public record DecodedError(Cause cause, String reason, String remedy, boolean retryable, Optional<Duration> retryAfter) {

    public DecodedError {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(remedy, "remedy");
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }
}
