package dev.tocsin.probe;

import dev.tocsin.catalog.Cause;
import java.util.Objects;

/**
 * One run judged against one monitor's assertions: the outcome, and for anything but UP the cause,
 * a one-line reason and what to do about it.
 */
public record Verdict(Outcome outcome, Cause cause, String reason, String remedy) {

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.UP) {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public static Verdict up() {
        return new Verdict(Outcome.UP, null, null, null);
    }

    public static Verdict down(Cause cause, String reason, String remedy) {
        return new Verdict(Outcome.DOWN, cause, reason, remedy);
    }

    public static Verdict degraded(Cause cause, String reason, String remedy) {
        return new Verdict(Outcome.DEGRADED, cause, reason, remedy);
    }

    public String causeCode() {
        return cause == null ? null : cause.code();
    }
}
