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

    private Backoff() {
    }

    /** The delay after attempt {@code attempt} (1 for the first) failed. */
    public static Duration after(int attempt, RandomGenerator random) {
        Duration base = DELAYS.get(Math.min(Math.max(attempt, 1), DELAYS.size()) - 1);
        double factor = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }
}
