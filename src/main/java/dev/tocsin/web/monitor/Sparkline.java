package dev.tocsin.web.monitor;

import dev.tocsin.probe.History;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A monitor's last 24 hours as a tiny inline SVG: the hourly median latency as a line and a red mark
 * under each hour with failed runs. Drawn on the server, so the dashboard needs no script to show it.
 */
public record Sparkline(String points, List<Integer> failedHours, String label) {

    static final int HOURS = 24;
    private static final int WIDTH = 96;
    private static final int HEIGHT = 26;

    static Sparkline of(List<History.Bucket> buckets, Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
        Integer[] p50 = new Integer[HOURS];
        boolean[] failed = new boolean[HOURS];
        for (History.Bucket b : buckets) {
            int slot = (int) Duration.between(start, b.at()).toHours();
            if (slot >= 0 && slot < HOURS) {
                p50[slot] = b.p50Ms();
                failed[slot] = b.failures() > 0;
            }
        }
        int max = 1;
        for (Integer v : p50) {
            max = v != null && v > max ? v : max;
        }
        StringBuilder points = new StringBuilder();
        java.util.ArrayList<Integer> fails = new java.util.ArrayList<>();
        int measured = 0;
        long sum = 0;
        for (int i = 0; i < HOURS; i++) {
            int x = i * WIDTH / (HOURS - 1);
            if (p50[i] != null) {
                int y = HEIGHT - 2 - p50[i] * (HEIGHT - 4) / max;
                points.append(x).append(',').append(y).append(' ');
                measured++;
                sum += p50[i];
            }
            if (failed[i]) {
                fails.add(Math.max(0, x - 2));
            }
        }
        String label = measured == 0 ? "No latency measured in the last 24 hours"
                : "Median latency over 24 hours about " + sum / measured + " ms, peak hour " + max + " ms"
                        + (fails.isEmpty() ? ", no failed runs" : ", " + fails.size() + (fails.size() == 1 ? " hour" : " hours") + " with failed runs");
        return new Sparkline(points.toString().strip(), fails, label);
    }

    public boolean empty() {
        return points.isEmpty() && failedHours.isEmpty();
    }
}
