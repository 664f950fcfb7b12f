package dev.tocsin.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The customer's own calls: taken in batches, read back as figures per provider and model. */
@ApplicationScoped
public class UsageService {

    private final UsageStore store;
    private final Prices prices;
    private final Clock clock;

    UsageService(UsageStore store, Prices prices, Clock clock) {
        this.store = store;
        this.prices = prices;
        this.clock = clock;
    }

    /** Takes a whole batch or none of it; returns how many calls. */
    @Transactional
    public int accept(UUID accountId, JsonNode body) {
        Instant now = clock.instant();
        Prices.Book book = prices.book(accountId);
        UsageBatch.Result batch = UsageBatch.read(body, now, (provider, model) -> book.of(provider, model).isPresent());
        if (!batch.valid()) {
            throw new ProblemException(400, "validation", "Invalid request", summary(batch.errors()), batch.errors());
        }
        store.add(accountId, batch.calls(), book, now);
        return batch.calls().size();
    }

    /** What an OTLP export gave: calls taken, GenAI spans refused and the first reason. */
    public record SpansTaken(int accepted, int rejected, String firstRejection) {
    }

    /**
     * Takes the GenAI spans of an OTLP trace export. Unlike a batch, an export is taken in part (OTLP's
     * partial success): an exporter retries a refused export for ever, so the spans Tocsin cannot keep are
     * counted and named instead, and the others kept.
     */
    @Transactional
    public SpansTaken acceptSpans(UUID accountId, io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest export) {
        Instant now = clock.instant();
        Prices.Book book = prices.book(accountId);
        OtlpSpans.Read read = OtlpSpans.read(export, now, (provider, model) -> book.of(provider, model).isPresent());
        if (!read.calls().isEmpty()) {
            store.add(accountId, read.calls(), book, now);
        }
        return new SpansTaken(read.calls().size(), read.rejected(), read.firstRejection());
    }

    private static String summary(List<Problem.FieldError> errors) {
        String first = errors.stream().limit(5).map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return errors.size() > 5 ? first + "; and " + (errors.size() - 5) + " more (see errors). Nothing of this batch was stored."
                : first + ". Nothing of this batch was stored.";
    }

    /** Figures of one period: rates in 0–1, percentiles in ms (null without calls that reported them). */
    public record Figures(long calls, double rate429, double errorRate, double fallbackRate, Integer latencyP50Ms,
                          Integer latencyP95Ms, Integer ttftP50Ms, Integer ttftP95Ms, long inputTokens, long outputTokens,
                          BigDecimal costUsd) {

        static Figures of(UsageMinute m) {
            return new Figures(m.calls, UsageMinute.rate(m.rateLimited, m.calls), UsageMinute.rate(m.errors(), m.calls),
                    UsageMinute.rate(m.fallbacks, m.calls), UsageHistogram.percentile(m.latency, 50),
                    UsageHistogram.percentile(m.latency, 95), UsageHistogram.percentile(m.ttft, 50), UsageHistogram.percentile(m.ttft, 95),
                    m.inputTokens, m.outputTokens, m.costUsd());
        }
    }

    public record Point(Instant at, Figures figures) {
    }

    public record Series(String provider, String model, Figures totals, List<Point> points) {
    }

    /** @param step the bucket as an ISO-8601 duration, e.g. {@code PT5M} */
    public record Report(Instant from, Instant to, String step, List<Series> series) {
    }

    /** Figures per provider and model over [from, to) in buckets of {@code step}; defaults: the last 24 h. */
    public Report report(UUID accountId, String provider, Instant from, Instant to, Duration step) {
        Instant end = (to == null ? clock.instant().plus(1, ChronoUnit.MINUTES) : to).truncatedTo(ChronoUnit.MINUTES);
        Instant start = (from == null ? end.minus(Duration.ofHours(24)) : from).truncatedTo(ChronoUnit.MINUTES);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        Duration span = Duration.between(start, end);
        if (span.compareTo(Duration.ofDays(31)) > 0) {
            throw ProblemException.invalid("from", "must be at most 31 days before to");
        }
        Duration bucket = step != null ? step : span.compareTo(Duration.ofHours(6)) <= 0 ? Duration.ofMinutes(5)
                : span.compareTo(Duration.ofDays(3)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
        if (bucket.compareTo(Duration.ofMinutes(1)) < 0 || bucket.toSeconds() % 60 != 0 || span.dividedBy(bucket) > 1000) {
            throw ProblemException.invalid("step", "must be whole minutes, at least 1 minute, and give at most 1000 points over the range");
        }
        Map<UsageStore.Key, UsageMinute> rows = store.sums(accountId, provider == null ? null : provider.toLowerCase(java.util.Locale.ROOT),
                start, end, bucket);
        Map<String, List<Map.Entry<UsageStore.Key, UsageMinute>>> byModel = new LinkedHashMap<>();
        rows.entrySet().forEach(e -> byModel.computeIfAbsent(e.getKey().provider() + "|" + e.getKey().model(), k -> new ArrayList<>()).add(e));
        List<Series> series = new ArrayList<>();
        for (List<Map.Entry<UsageStore.Key, UsageMinute>> points : byModel.values()) {
            UsageMinute total = new UsageMinute();
            points.forEach(p -> total.add(p.getValue()));
            UsageStore.Key first = points.get(0).getKey();
            series.add(new Series(first.provider(), first.model(), Figures.of(total),
                    points.stream().map(p -> new Point(p.getKey().minute(), Figures.of(p.getValue()))).toList()));
        }
        return new Report(start, end, bucket.toString(), series);
    }
}
