package dev.tocsin.platform;

import java.time.Instant;

/**
 * The instants the service accepts from outside. PostgreSQL's timestamptz ends in the year 294276 and
 * Java's Instant goes much further, so an instant a client sends is held to four-digit years: anything
 * past them is a typo or a probe for a 500, never a real time.
 */
public final class Instants {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    public static final String RANGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private Instants() {
    }

    public static boolean accepted(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** The instant, or an IllegalArgumentException when it is outside the accepted range. */
    public static Instant checked(Instant instant) {
        if (!accepted(instant)) {
            throw new IllegalArgumentException("instant out of range");
        }
        return instant;
    }
}
