package dev.tocsin.web.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.usage.UsageService;
import io.quarkus.qute.RawString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The usage page's charts as uPlot reads them: one shared time axis over the whole range (a bucket without
 * calls is a gap, not a zero, so a quiet hour does not read as a perfect one) and a line per provider and
 * model, the busiest first.
 */
final class UsageCharts {

    /** More lines than this make a chart no one can read; the table below still lists every model. */
    static final int MOST_LINES = 6;

    private UsageCharts() {
    }

    record Line(String label, List<Number> values) {
    }

    record Chart(String id, String title, String unit, long from, long to, List<Long> t, List<Line> lines) {
    }

    static Map<String, RawString> of(UsageService.Report report, ObjectMapper json) {
        Duration step = Duration.parse(report.step());
        List<Instant> axis = new ArrayList<>();
        for (Instant at = report.from(); at.isBefore(report.to()); at = at.plus(step)) {
            axis.add(at);
        }
        List<UsageService.Series> shown = report.series().stream()
                .sorted(Comparator.comparingLong((UsageService.Series s) -> s.totals().calls()).reversed())
                .limit(MOST_LINES).toList();
        long from = epoch(report.from());
        long to = epoch(report.to());
        List<Chart> all = List.of(
                new Chart("calls", "Calls", "calls", from, to, times(axis), lines(shown, axis, f -> f.calls())),
                new Chart("rate429", "429 rate", "%", from, to, times(axis), lines(shown, axis, f -> percent(f.rate429()))),
                new Chart("errors", "Error rate", "%", from, to, times(axis), lines(shown, axis, f -> percent(f.errorRate()))),
                new Chart("latency", "Latency p95", "ms", from, to, times(axis), lines(shown, axis, UsageService.Figures::latencyP95Ms)),
                new Chart("ttft", "Time to first token p95", "ms", from, to, times(axis), lines(shown, axis, UsageService.Figures::ttftP95Ms)));
        Map<String, RawString> charts = new LinkedHashMap<>();
        for (Chart chart : all) {
            // Time to first token is reported by streaming calls only: an empty chart would read as a fault.
            if (chart.lines().stream().anyMatch(l -> l.values().stream().anyMatch(v -> v != null))) {
                charts.put(chart.id(), chart(json, chart));
            }
        }
        return charts;
    }

    static double percent(double rate) {
        return Math.round(rate * 1000) / 10.0;
    }

    private static List<Line> lines(List<UsageService.Series> shown, List<Instant> axis, Function<UsageService.Figures, Number> value) {
        List<Line> lines = new ArrayList<>();
        for (UsageService.Series s : shown) {
            Map<Instant, UsageService.Figures> byTime = new HashMap<>();
            s.points().forEach(p -> byTime.put(p.at(), p.figures()));
            List<Number> values = new ArrayList<>(axis.size());
            for (Instant at : axis) {
                UsageService.Figures f = byTime.get(at);
                values.add(f == null || f.calls() == 0 ? null : value.apply(f));
            }
            lines.add(new Line(s.provider() + " · " + s.model(), values));
        }
        return lines;
    }

    private static List<Long> times(List<Instant> axis) {
        return axis.stream().map(UsageCharts::epoch).toList();
    }

    private static long epoch(Instant at) {
        return at.getEpochSecond();
    }

    /**
     * Model names are the customer's own text: written by Jackson, with {@code <}, {@code >} and {@code &}
     * escaped so that no name can close the script element that carries the JSON.
     */
    private static RawString chart(ObjectMapper json, Chart chart) {
        try {
            return new RawString(json.writeValueAsString(chart).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chart of numbers and strings is always writable", e);
        }
    }
}
