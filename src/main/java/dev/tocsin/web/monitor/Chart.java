package dev.tocsin.web.monitor;

import dev.tocsin.probe.History;
import io.quarkus.qute.RawString;
import java.util.List;

/**
 * The latency chart's series as uPlot reads them (time in epoch seconds, p50 and p95 in ms, failed runs
 * per bucket), and the same buckets for the table shown without script.
 */
public record Chart(List<History.Bucket> buckets, RawString json) {

    static Chart of(List<History.Bucket> buckets) {
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
        return new Chart(buckets, new RawString("{\"t\":[" + t + "],\"p50\":[" + p50 + "],\"p95\":[" + p95 + "],\"failures\":["
                + failures + "]}"));
    }

    public boolean empty() {
        return buckets.isEmpty();
    }
}
