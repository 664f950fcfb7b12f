package dev.tocsin.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The application's clock in tests: real time plus an offset that tests move instead of sleeping. */
public final class MutableClock extends Clock {

    public static final MutableClock INSTANCE = new MutableClock();

    private volatile Duration offset = Duration.ZERO;
    /** When set, real time stands still here: for tests that must see nothing fall due while they work. */
    private volatile Instant frozenAt;

    private MutableClock() {
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /**
     * Stops real time until {@link #thaw()}; only {@link #advance} moves the clock. A test draining
     * "everything due now" for several seconds would otherwise see the next slots of the first targets
     * come due while it drains.
     */
    public void freeze() {
        frozenAt = Instant.now();
    }

    public void thaw() {
        frozenAt = null;
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen != null ? frozen : Instant.now()).plus(offset);
    }
}
