package dev.tocsin.web.monitor;

import dev.tocsin.probe.History;
import io.quarkus.qute.RawString;
import java.util.List;

/**
 * The latency chart's series as uPlot reads them (time in epoch seconds, p50 and p95 in ms, failed runs
 * per bucket), and the same buckets for the table shown without script.
 */
public record Chart(List<History.Bucket> buckets, RawString json) {

    /** @param from the start of the range shown, so that a few buckets are not stretched over years */
    static Chart of(List<History.Bucket> buckets, java.time.Instant from, java.time.Instant to) {
        StringBuilder t = new StringBuilder();
        StringBuilder p50 = new StringBuilder();
        StringBuilder p95 = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        for (History.Bucket b : buckets) {
            String sep = t.isEmpty() ? "" : ",";
            t.append(sep).append(b.at().getEpochSecond());
            p50.append(sep).append(b.p50Ms());
            p95.append(sep).append(b.p95Ms());
            failures.append(sep).append(b.failures());
        }
        // Numbers and null only: safe inside a script element without escaping.
        return new Chart(buckets, new RawString("{\"from\":" + from.getEpochSecond() + ",\"to\":" + to.getEpochSecond()
                + ",\"t\":[" + t + "],\"p50\":[" + p50 + "],\"p95\":[" + p95 + "],\"failures\":["
                + failures + "]}"));
    }

    public boolean empty() {
        return buckets.isEmpty();
    }
}
