package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.catalog.Cause;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfirmationTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Confirmation.Thresholds DEFAULTS = new Confirmation.Thresholds(3, 2, 3, Duration.ofMinutes(10));

    /** One run: seconds after T0 and what it found. */
    record Run(int at, Verdict verdict) {
    }

    static Run up(int at) {
        return new Run(at, Verdict.up());
    }

    static Run down(int at) {
        return new Run(at, Verdict.down(Cause.OVERLOADED, "503 overloaded", "Retry with backoff"));
    }

    static Run slow(int at) {
        return new Run(at, Verdict.degraded(Cause.SLOW, "took 4200 ms, more than 3000 ms", null));
    }

    /** Changes as "severity:cause" and the rechecks asked for, in order. */
    record Trace(List<String> changes, List<Boolean> rechecks, MonitorStatus finalStatus) {
    }

    static Trace replay(Confirmation.Thresholds thresholds, MonitorStatus start, List<Run> runs) {
        Confirmation.State state = new Confirmation.State(start, 0, 0, List.of(), null, false, null);
        List<String> changes = new ArrayList<>();
        List<Boolean> rechecks = new ArrayList<>();
        for (Run run : runs) {
            Confirmation.Step step = Confirmation.apply(state, thresholds, run.verdict(), T0.plusSeconds(run.at()));
            step.changes().forEach(c -> changes.add(c.severity().code() + ":" + c.cause()));
            rechecks.add(step.recheck());
            state = step.state();
        }
        return new Trace(changes, rechecks, state.status());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first good run confirms a pending monitor up, silently", MonitorStatus.PENDING,
                        List.of(up(0)), List.of(), List.of(false), MonitorStatus.UP),
                Arguments.of("a blip (two failures, then fine) re-checks and never alerts", MonitorStatus.UP,
                        List.of(down(0), down(10), up(20), up(50)), List.of(), List.of(true, true, false, false),
                        MonitorStatus.UP),
                Arguments.of("an outage is confirmed on the third failure, 20 s after it began", MonitorStatus.UP,
                        List.of(down(0), down(10), down(20), down(50)), List.of("down:overloaded"),
                        List.of(true, true, false, false), MonitorStatus.DOWN),
                Arguments.of("recovery needs two good runs, re-checking quickly after the first", MonitorStatus.UP,
                        List.of(down(0), down(10), down(20), up(50), up(60)), List.of("down:overloaded", "ok:overloaded"),
                        List.of(true, true, false, true, false), MonitorStatus.UP),
                Arguments.of("one good run inside an outage does not resolve it", MonitorStatus.UP,
                        List.of(down(0), down(10), down(20), up(50), down(60)), List.of("down:overloaded"),
                        List.of(true, true, false, true, false), MonitorStatus.DOWN),
                Arguments.of("slowness confirms as degraded", MonitorStatus.UP,
                        List.of(slow(0), slow(10), slow(20)), List.of("degraded:slow"),
                        List.of(true, true, false), MonitorStatus.DEGRADED),
                Arguments.of("degraded rising to down is its own change", MonitorStatus.UP,
                        List.of(slow(0), slow(10), slow(20), down(50)), List.of("degraded:slow", "down:overloaded"),
                        List.of(true, true, false, false), MonitorStatus.DOWN),
                Arguments.of("down does not fall back to degraded while still failing", MonitorStatus.UP,
                        List.of(down(0), down(10), down(20), slow(50)), List.of("down:overloaded"),
                        List.of(true, true, false, false), MonitorStatus.DOWN),
                Arguments.of("three short episodes within ten minutes are flapping", MonitorStatus.UP,
                        List.of(down(0), up(10), down(60), up(70), down(120), up(130)), List.of("degraded:flapping"),
                        List.of(true, false, true, false, true, false), MonitorStatus.UP),
                Arguments.of("episodes further apart than the window are not flapping", MonitorStatus.UP,
                        List.of(down(0), up(10), down(400), up(410), down(800), up(810)), List.of(),
                        List.of(true, false, true, false, true, false), MonitorStatus.UP),
                Arguments.of("flapping ends after a whole window without failures", MonitorStatus.UP,
                        List.of(down(0), up(10), down(60), up(70), down(120), up(130), up(500), up(721)),
                        List.of("degraded:flapping", "ok:flapping"),
                        List.of(true, false, true, false, true, false, false, false), MonitorStatus.UP),
                Arguments.of("flapping that turns into a confirmed outage is reported as both", MonitorStatus.UP,
                        List.of(down(0), up(10), down(60), up(70), down(120), down(130), down(140)),
                        List.of("degraded:flapping", "down:overloaded"),
                        List.of(true, false, true, false, true, true, false), MonitorStatus.DOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void policy(String name, MonitorStatus start, List<Run> runs, List<String> changes, List<Boolean> rechecks,
                MonitorStatus finalStatus) {
        Trace trace = replay(DEFAULTS, start, runs);
        assertThat(trace.changes()).as("changes").isEqualTo(changes);
        assertThat(trace.rechecks()).as("re-checks").isEqualTo(rechecks);
        assertThat(trace.finalStatus()).as("status").isEqualTo(finalStatus);
    }

    @ParameterizedTest(name = "failureThreshold {0}")
    @MethodSource("thresholds")
    void failureThresholdCountsConsecutiveFailures(int threshold) {
        var thresholds = new Confirmation.Thresholds(threshold, 1, 50, Duration.ofMinutes(10));
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < threshold; i++) {
            runs.add(down(i * 10));
        }
        Trace almost = replay(thresholds, MonitorStatus.UP, runs.subList(0, threshold - 1));
        Trace confirmed = replay(thresholds, MonitorStatus.UP, runs);
        assertThat(almost.changes()).isEmpty();
        assertThat(confirmed.changes()).containsExactly("down:overloaded");
    }

    static Stream<Integer> thresholds() {
        return Stream.of(1, 2, 5, 20);
    }

    @org.junit.jupiter.api.Test
    void changesCarryTheDecodedReasonAndRecoveryNamesTheClearedCause() {
        var s = Confirmation.State.initial();
        for (int i = 0; i < 3; i++) {
            s = Confirmation.apply(s, DEFAULTS, down(i).verdict(), T0.plusSeconds(i)).state();
        }
        Confirmation.Step recovered = null;
        for (int i = 0; i < 2; i++) {
            recovered = Confirmation.apply(s, DEFAULTS, Verdict.up(), T0.plusSeconds(60 + i));
            s = recovered.state();
        }
        assertThat(recovered.changes()).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.OK);
            assertThat(c.cause()).isEqualTo("overloaded");
            assertThat(c.reason()).contains("2 successful checks");
        });
    }
}
