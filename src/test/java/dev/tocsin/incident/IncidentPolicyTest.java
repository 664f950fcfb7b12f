package dev.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.incident.IncidentPolicy.Action;
import dev.tocsin.incident.IncidentPolicy.Open;
import dev.tocsin.incident.IncidentPolicy.Recent;
import dev.tocsin.signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IncidentPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration FLAP = Duration.ofMinutes(10);
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static Optional<Open> open(Severity severity, int affected, boolean thisMonitor, boolean vendor) {
        return Optional.of(new Open(ID, severity, affected, thisMonitor, vendor));
    }

    private static Optional<Recent> resolvedAgo(Duration ago, Duration alertedAgo) {
        return Optional.of(new Recent(ID, NOW.minus(ago), alertedAgo == null ? null : NOW.minus(alertedAgo)));
    }

    static Stream<Arguments> cases() {
        Optional<Open> none = Optional.empty();
        Optional<Recent> never = Optional.empty();
        return Stream.of(
                Arguments.of("outage: the first confirmed failure opens and alerts",
                        none, never, Severity.DOWN, false, false, Action.OPEN, "incident.opened"),
                Arguments.of("outage: more failures of the same key fold in silently",
                        open(Severity.DOWN, 1, true, false), never, Severity.DOWN, false, false, Action.FOLD, null),
                Arguments.of("outage: a provider's second monitor folds into the open incident",
                        open(Severity.DOWN, 1, false, false), never, Severity.DOWN, false, false, Action.FOLD, null),
                Arguments.of("outage: recovery of the only failing monitor resolves and alerts",
                        open(Severity.DOWN, 1, true, false), never, Severity.OK, false, false, Action.RESOLVE, "incident.resolved"),
                Arguments.of("outage: recovery of one of two failing monitors resolves nothing yet",
                        open(Severity.DOWN, 2, true, false), never, Severity.OK, false, false, Action.CLEAR_PART, null),
                Arguments.of("outage: a monitor that recovers while the vendor still reports the incident keeps it open",
                        open(Severity.DOWN, 1, true, true), never, Severity.OK, false, false, Action.CLEAR_PART, null),
                Arguments.of("blip: a recovery with nothing open does nothing",
                        none, never, Severity.OK, false, false, Action.IGNORE, null),
                Arguments.of("severity rise: degraded then down is its own alert",
                        open(Severity.DEGRADED, 1, true, false), never, Severity.DOWN, false, false, Action.RAISE, "incident.updated"),
                Arguments.of("severity: down then degraded does not lower it",
                        open(Severity.DOWN, 1, true, false), never, Severity.DEGRADED, false, false, Action.FOLD, null),
                Arguments.of("flap: back within the window reopens the same incident without a second alert",
                        none, resolvedAgo(Duration.ofMinutes(3), Duration.ofMinutes(5)), Severity.DOWN, false, false, Action.REOPEN, null),
                Arguments.of("flap: back within the window after the last alert's window alerts once more",
                        none, resolvedAgo(Duration.ofMinutes(3), Duration.ofMinutes(12)), Severity.DOWN, false, false,
                        Action.REOPEN, "incident.opened"),
                Arguments.of("flap: back after the window is a new incident",
                        none, resolvedAgo(Duration.ofMinutes(11), Duration.ofMinutes(20)), Severity.DOWN, false, false,
                        Action.OPEN, "incident.opened"),
                Arguments.of("status page only: the vendor's incident opens one",
                        none, never, Severity.DEGRADED, true, false, Action.OPEN, "incident.opened"),
                Arguments.of("status page only: the vendor's resolution resolves it",
                        open(Severity.DEGRADED, 0, false, true), never, Severity.OK, true, false, Action.RESOLVE, "incident.resolved"),
                Arguments.of("status page confirms a probe incident: folded in",
                        open(Severity.DOWN, 1, false, false), never, Severity.DOWN, true, false, Action.FOLD, null),
                Arguments.of("status page clears but a monitor still fails: stays open",
                        open(Severity.DOWN, 1, false, true), never, Severity.OK, true, false, Action.CLEAR_PART, null),
                Arguments.of("maintenance: a failure inside a window opens nothing",
                        none, never, Severity.DOWN, false, true, Action.SUPPRESS, null),
                Arguments.of("maintenance: a failure inside a window does not raise an open incident either",
                        open(Severity.DEGRADED, 1, true, false), never, Severity.DOWN, false, true, Action.SUPPRESS, null),
                Arguments.of("maintenance: a recovery inside a window still resolves",
                        open(Severity.DOWN, 1, true, false), never, Severity.OK, false, true, Action.RESOLVE, "incident.resolved"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, Optional<Open> open, Optional<Recent> recent, Severity severity, boolean fromVendor,
                 boolean inMaintenance, Action action, String notify) {
        IncidentPolicy.Decision decision = IncidentPolicy.decide(open, recent, severity, fromVendor, inMaintenance, FLAP, NOW);
        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.alert()).isEqualTo(Optional.ofNullable(notify));
    }

    @Test
    void reminder() {
        Duration four = Duration.ofHours(4);
        assertThat(IncidentPolicy.reminderDue("open", NOW.minus(four), four, NOW)).as("due after the interval").isTrue();
        assertThat(IncidentPolicy.reminderDue("open", NOW.minus(four).plusSeconds(1), four, NOW)).as("not before").isFalse();
        assertThat(IncidentPolicy.reminderDue("acknowledged", NOW.minus(four), four, NOW)).as("someone is on it").isFalse();
        assertThat(IncidentPolicy.reminderDue("resolved", NOW.minus(four), four, NOW)).isFalse();
        assertThat(IncidentPolicy.reminderDue("open", NOW.minus(four), Duration.ZERO, NOW)).as("reminders off").isFalse();
    }

    @Test
    void causeGroupsKeyProvidersTogetherAndSeparateDifferentProblems() {
        UUID monitor = UUID.randomUUID();
        assertThat(CauseGroup.key(monitor, "mistral", "overloaded")).isEqualTo("provider:mistral:availability");
        assertThat(CauseGroup.key(monitor, "mistral", "timeout")).isEqualTo("provider:mistral:availability");
        assertThat(CauseGroup.key(monitor, "mistral", "auth")).isEqualTo("provider:mistral:auth");
        assertThat(CauseGroup.key(monitor, null, "server_error")).isEqualTo("monitor:" + monitor + ":availability");
        assertThat(CauseGroup.key(monitor, null, "rate_limited")).isEqualTo("monitor:" + monitor + ":rate_limited");
        assertThat(CauseGroup.key(monitor, "openai", "quota")).as("quota is not rate limiting").isEqualTo("provider:openai:quota");
        assertThat(CauseGroup.key(monitor, "mistral", "bad_request")).as("a refused probe request is not an outage")
                .isEqualTo("provider:mistral:bad_request");
    }
}
