package dev.tocsin.web;

/** Too many attempts of a sign-in, sign-up or reset; answered with 429 and Retry-After. */
class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
        super(null, null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
