package dev.tocsin.usage;

import java.util.Arrays;

/**
 * Fixed, roughly logarithmic buckets for latency and time to first token, in milliseconds. Being the
 * same for every row, a window's histogram is the element-wise sum of its rows, and its percentile is
 * read from that sum: no call is kept. A percentile answers the upper bound of the bucket it falls in,
 * so it errs on the slow side (never tells a rule "fast enough" when it was not).
 */
public final class UsageHistogram {

    /** Upper bounds (exclusive) of every bucket but the last, which is open. */
    static final int[] BOUNDS = {25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 7500,
        10000, 15000, 20000, 30000, 60000, 120000};
    public static final int SIZE = BOUNDS.length + 1;

    private UsageHistogram() {
    }

    static int bucket(long ms) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (ms < BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    /**
     * The {@code percentile} (0–100) of the counts, as the upper bound of its bucket (the last bucket
     * answers its lower bound); null when there are no counts.
     */
    public static Integer percentile(long[] counts, double percentile) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < BOUNDS.length ? BOUNDS[i] : BOUNDS[BOUNDS.length - 1];
            }
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    static long[] empty() {
        return new long[SIZE];
    }
}
