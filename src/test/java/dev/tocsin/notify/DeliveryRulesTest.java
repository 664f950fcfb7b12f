package dev.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.notify.channel.ChannelRules;
import dev.tocsin.platform.outbound.OutboundFailure;
import dev.tocsin.platform.outbound.OutboundResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classification of answers, backoff, and channel validation: the pure rules of delivery. */
class DeliveryRulesTest {

    private static OutboundResponse answered(int status) {
        return new OutboundResponse(status, Map.of(), "nope".getBytes(StandardCharsets.UTF_8), false,
                new OutboundResponse.Timings(-1, 1, -1, 1, 3), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"200, DELIVERED", "202, DELIVERED", "204, DELIVERED", "410, GONE", "408, RETRY", "429, RETRY", "500, RETRY",
        "503, RETRY", "400, FAILED", "401, FAILED", "404, FAILED", "301, FAILED"})
    void answersAreClassified(int status, DeliveryResult.Outcome outcome) {
        assertThat(DeliveryResult.of(answered(status)).outcome()).isEqualTo(outcome);
    }

    @Test
    void aTransportFailureIsRetried() {
        OutboundResponse refused = new OutboundResponse(0, Map.of(), new byte[0], false, new OutboundResponse.Timings(-1, 1, -1, -1, 1),
                Optional.empty(), Optional.of(new OutboundFailure(OutboundFailure.Kind.CONNECT, "connection refused")));
        DeliveryResult result = DeliveryResult.of(refused);
        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(result.error()).contains("connection refused");
    }

    @Test
    void backoffSpreadsAboutTenRetriesOverADayWithJitter() {
        Random random = new Random(42);
        Duration total = Duration.ZERO;
        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 10; attempt++) {
            Duration delay = Backoff.after(attempt, random);
            Duration base = Backoff.DELAYS.get(attempt - 1);
            assertThat(delay).isBetween(base.multipliedBy(8).dividedBy(10), base.multipliedBy(12).dividedBy(10));
            assertThat(base).isGreaterThan(previous);
            previous = base;
            total = total.plus(base);
        }
        assertThat(total).isBetween(Duration.ofHours(18), Duration.ofHours(26));
        assertThat(Backoff.after(50, random)).isLessThanOrEqualTo(Duration.ofHours(8).multipliedBy(12).dividedBy(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "email | Ops@Example.com | ",
        "email | not an address | target",
        "webhook | https://hooks.example.com/tocsin | ",
        "webhook | http://hooks.example.com/tocsin | ",
        "webhook | ftp://hooks.example.com | target",
        "slack | mailto:ops@example.com | target",
        "slack | https://hooks.slack.com/services/x | ",
        "discord | https://discord.com/api/webhooks/1/abc | ",
        "pagerduty | R0UTINGKEY0000000000000000000000 | ",
        "pagerduty | short | target",
        "sms | +15550100 | type"})
    void channelTargetsAreCheckedByType(String type, String target, String field) {
        ChannelRules.Checked checked = ChannelRules.check(null, type, target);
        if (field == null) {
            assertThat(checked.errors()).isEmpty();
        } else {
            assertThat(checked.errors()).extracting(e -> e.field()).containsExactly(field);
        }
    }

    @Test
    void emailTargetsAreStoredLowerCase() {
        assertThat(ChannelRules.check(null, "email", " Ops@Example.COM ").target()).isEqualTo("ops@example.com");
    }
}
