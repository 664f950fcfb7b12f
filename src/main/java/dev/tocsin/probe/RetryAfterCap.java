package dev.tocsin.probe;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a probe honours a server's {@code Retry-After}: at most the monitor's interval or an hour,
 * whichever is longer. A server (or anyone behind the URL) could otherwise ask for a date in 9999 and
 * silence every monitor sharing the target; a wait that was cut short says so in the run's reason.
 */
final class RetryAfterCap {

    static final Duration AT_LEAST = Duration.ofHours(1);

    private RetryAfterCap() {
    }

    static Duration cap(int intervalSeconds) {
        Duration interval = Duration.ofSeconds(intervalSeconds);
        return interval.compareTo(AT_LEAST) > 0 ? interval : AT_LEAST;
    }

    static Judge.Judged apply(Judge.Judged judged, int intervalSeconds) {
        Optional<Duration> asked = judged.retryAfter();
        Duration cap = cap(intervalSeconds);
        if (asked.isEmpty() || asked.get().compareTo(cap) <= 0) {
            return judged;
        }
        Verdict v = judged.verdict();
        String note = "The server asked to wait " + words(asked.get()) + " (Retry-After); Tocsin waits at most " + words(cap) + ".";
        Verdict noted = new Verdict(v.outcome(), v.cause(), v.reason() == null ? note : v.reason() + " " + note, v.remedy());
        return new Judge.Judged(noted, Optional.of(cap));
    }

    static String words(Duration d) {
        long s = d.toSeconds();
        if (s >= 366L * 86_400) {
            return "more than a year";
        }
        return s >= 86_400 ? s / 86_400 + " d" : s >= 3600 ? s / 3600 + " h" : s >= 60 ? s / 60 + " min" : s + " s";
    }
}
