package dev.tocsin.platform.problem;

/**
 * Too many of something in a counting window: a {@code 429} problem (or page) with {@code Retry-After}
 * saying when the window ends.
 */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(String title, String detail, long retryAfterSeconds) {
        super(429, "rate-limited", title, detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** "about 12 minutes", for a detail a person reads. */
    public static String inWords(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return minutes == 1 ? "about a minute" : "about " + minutes + " minutes";
    }
}
