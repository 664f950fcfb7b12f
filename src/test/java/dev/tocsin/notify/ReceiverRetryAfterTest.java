package dev.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.platform.outbound.OutboundResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A webhook receiver's Retry-After on 429 and 503 sets the next attempt, within the backoff's bounds. */
class ReceiverRetryAfterTest {

    private static final RandomGenerator MIDDLE = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0.5; // no jitter: the base delay exactly
        }
    };

    private static OutboundResponse answered(int status, String retryAfter) {
        Map<String, List<String>> headers = retryAfter == null ? Map.of() : Map.of("retry-after", List.of(retryAfter));
        return new OutboundResponse(status, headers, "busy".getBytes(StandardCharsets.UTF_8), false,
                new OutboundResponse.Timings(-1, 1, -1, 1, 2), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} with Retry-After {1} after attempt {2} waits {3} s")
    @CsvSource({
            "429, 1800, 1, 1800",          // asked for half an hour: heard, though the backoff says 30 s
            "503, 600, 1, 600",
            "429, 5, 3, 300",               // asked for less than the backoff: the backoff stands
            "429, 9999999999, 1, 3600",     // asked for centuries: capped at an hour
            "503, 'Fri, 31 Dec 9999 23:59:59 GMT', 1, 3600",
            "500, 1800, 1, 30",             // only 429 and 503 carry a meaningful Retry-After
            "429, , 2, 120",
    })
    void theReceiversRetryAfterIsHonouredWithinBounds(int status, String retryAfter, int attempt, long expectedSeconds) {
        DeliveryResult result = DeliveryResult.of(answered(status, retryAfter));
        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(Backoff.after(attempt, result.retryAfter(), MIDDLE)).isEqualTo(Duration.ofSeconds(expectedSeconds));
    }
}
