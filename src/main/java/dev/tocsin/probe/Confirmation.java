package dev.tocsin.probe;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns single-run verdicts into confirmed changes (product.md §2, "Confirmation" and "Flapping"), as
 * a pure function of the stored state and one verdict. A first failure asks for a quick re-check;
 * DOWN or DEGRADED is confirmed after {@code failure} consecutive bad runs and UP again after
 * {@code success} good ones, so a blip never alerts. Failure episodes that never confirm still count:
 * {@code flap} of them within the window is a problem of its own.
 */
public final class Confirmation {

    private Confirmation() {
    }

    /** What the engine keeps per monitor between runs. */
    public record State(MonitorStatus status, int failures, int successes, List<Instant> episodes, Instant lastFailureAt,
            boolean flapping, String lastCause) {

        public State {
            episodes = List.copyOf(episodes);
        }

        public static State initial() {
            return new State(MonitorStatus.PENDING, 0, 0, List.of(), null, false, null);
        }
    }

    public record Thresholds(int failure, int success, int flap, Duration flapWindow) {
    }

    /** A confirmed change, which becomes a signal; {@code OK} clears the condition named by cause. */
    public record Change(Severity severity, String cause, String reason, String remedy) {
    }

    /** The next state, the changes to signal, and whether to re-check soon instead of next interval. */
    public record Step(State state, List<Change> changes, boolean recheck) {
    }

    public static Step apply(State s, Thresholds t, Verdict v, Instant now) {
        return v.outcome() == Outcome.UP ? good(s, t, now) : bad(s, t, v, now);
    }

    private static Step bad(State s, Thresholds t, Verdict v, Instant now) {
        List<Change> changes = new ArrayList<>();
        // Counts stop at the threshold: beyond it they change nothing, and a steady state then writes nothing.
        int failures = Math.min(s.failures() + 1, Math.max(t.failure(), 1));
        List<Instant> episodes = new ArrayList<>(prune(s.episodes(), now.minus(t.flapWindow())));
        if (s.failures() == 0) {
            episodes.add(now);
        }
        MonitorStatus observed = v.outcome() == Outcome.DOWN ? MonitorStatus.DOWN : MonitorStatus.DEGRADED;
        MonitorStatus status = s.status();
        String lastCause = s.lastCause();
        boolean confirmedBad = isBad(status);
        boolean recheck = false;
        if (failures < t.failure()) {
            // Confirm quickly what differs from the confirmed status; a failure inside an outage needs no haste.
            recheck = status != observed;
        } else if (!confirmedBad || (status == MonitorStatus.DEGRADED && observed == MonitorStatus.DOWN)) {
            // Newly confirmed, or a confirmed degradation turned into an outage: each is its own event.
            status = observed;
            lastCause = v.causeCode();
            changes.add(new Change(observed == MonitorStatus.DOWN ? Severity.DOWN : Severity.DEGRADED, v.causeCode(),
                    v.reason(), v.remedy()));
        }
        boolean flapping = s.flapping();
        if (!flapping && !isBad(status) && episodes.size() >= t.flap()) {
            flapping = true;
            changes.add(new Change(Severity.DEGRADED, Signal.FLAPPING,
                    episodes.size() + " failure episodes within " + t.flapWindow().toMinutes()
                            + " min, none long enough to confirm an outage; latest: " + v.reason(),
                    "Intermittent failures: retry with backoff in your own calls, and check the API's status page if it has one."));
        }
        State next = new State(status, failures, 0, episodes, now, flapping, lastCause);
        return new Step(next, List.copyOf(changes), recheck);
    }

    private static Step good(State s, Thresholds t, Instant now) {
        List<Change> changes = new ArrayList<>();
        int successes = Math.min(s.successes() + 1, Math.max(t.success(), 1));
        MonitorStatus status = s.status();
        boolean recheck = false;
        if (isBad(status)) {
            if (successes >= t.success()) {
                status = MonitorStatus.UP;
                changes.add(new Change(Severity.OK, s.lastCause(),
                        "Responding normally again: " + successes + " successful checks in a row", null));
            } else {
                recheck = true;
            }
        } else if (status == MonitorStatus.PENDING) {
            status = MonitorStatus.UP;
        }
        boolean flapping = s.flapping();
        if (flapping && (s.lastFailureAt() == null || !s.lastFailureAt().isAfter(now.minus(t.flapWindow())))) {
            flapping = false;
            changes.add(new Change(Severity.OK, Signal.FLAPPING,
                    "No failure for " + t.flapWindow().toMinutes() + " min: no longer flapping", null));
        }
        State next = new State(status, 0, successes, prune(s.episodes(), now.minus(t.flapWindow())), s.lastFailureAt(),
                flapping, s.lastCause());
        return new Step(next, List.copyOf(changes), recheck);
    }

    private static boolean isBad(MonitorStatus status) {
        return status == MonitorStatus.DOWN || status == MonitorStatus.DEGRADED;
    }

    private static List<Instant> prune(List<Instant> episodes, Instant horizon) {
        return episodes.stream().filter(at -> at.isAfter(horizon)).toList();
    }
}
