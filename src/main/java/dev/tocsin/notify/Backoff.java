package dev.tocsin.notify;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: quickly at first (a receiver restarting), then further apart,
 * about ten retries over a day, each moved by up to ±20 % so that receivers coming back are not hit by
 * every sender at once.
 */
public final class Backoff {

    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
            Duration.ofHours(6), Duration.ofHours(8));

    /** The longest a receiver's Retry-After may hold an alert back: alerts are worth little later. */
    static final Duration RETRY_AFTER_CAP = Duration.ofHours(1);

    private Backoff() {
    }

    /**
     * The delay after attempt {@code attempt} failed, honouring the receiver's {@code Retry-After} (null
     * when it sent none) up to {@link #RETRY_AFTER_CAP}, and never sooner than the backoff itself.
     */
    public static Duration after(int attempt, Duration retryAfter, RandomGenerator random) {
        Duration backoff = after(attempt, random);
        if (retryAfter == null) {
            return backoff;
        }
        Duration asked = retryAfter.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : retryAfter;
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    /** The delay after attempt {@code attempt} (1 for the first) failed. */
    public static Duration after(int attempt, RandomGenerator random) {
        Duration base = DELAYS.get(Math.min(Math.max(attempt, 1), DELAYS.size()) - 1);
        double factor = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }
}
