package dev.tocsin.web.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.account.session.SignedIn;
import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.usage.UsageRule;
import dev.tocsin.usage.UsageRules;
import dev.tocsin.usage.UsageService;
import dev.tocsin.web.WebAuth;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The customer's own traffic as {@code POST /api/v1/events} and {@code /v1/traces} reported it: per provider
 * and model, calls, 429 and error rates, latency and time to first token, fallbacks, tokens and cost, as
 * charts and as a table, over one of four ranges. One {@link UsageService#report} per page, the same figures
 * {@code GET /api/v1/usage} answers.
 */
@Path("/app/usage")
@Produces(MediaType.TEXT_HTML)
public class UsagePage {

    /** The ranges offered and their bucket: each gives 60 to 168 points, enough to see a spike, few enough to read. */
    enum Range {
        HOUR("1h", "1 hour", Duration.ofHours(1), Duration.ofMinutes(1)),
        DAY("24h", "24 hours", Duration.ofHours(24), Duration.ofMinutes(15)),
        WEEK("7d", "7 days", Duration.ofDays(7), Duration.ofHours(1)),
        MONTH("30d", "30 days", Duration.ofDays(30), Duration.ofHours(6));

        final String code;
        final String label;
        final Duration span;
        final Duration step;

        Range(String code, String label, Duration span, Duration step) {
            this.code = code;
            this.label = label;
            this.span = span;
            this.step = step;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }

        static Range of(String code) {
            for (Range r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            return DAY;
        }
    }

    /** The range's totals over every provider shown; rates weighted by calls. */
    public record Totals(long calls, double rate429, double errorRate, long tokens, BigDecimal costUsd) {

        static Totals of(List<UsageService.Series> series) {
            long calls = 0;
            double limited = 0;
            double errors = 0;
            long tokens = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (UsageService.Series s : series) {
                UsageService.Figures f = s.totals();
                calls += f.calls();
                limited += f.rate429() * f.calls();
                errors += f.errorRate() * f.calls();
                tokens += f.inputTokens() + f.outputTokens();
                cost = f.costUsd() == null ? cost : cost.add(f.costUsd());
            }
            return new Totals(calls, calls == 0 ? 0 : limited / calls, calls == 0 ? 0 : errors / calls, tokens, cost);
        }
    }

    private final WebAuth auth;
    private final UsageService usage;
    private final UsageRules rules;
    private final Clock clock;
    private final ObjectMapper json;
    private final TocsinConfig config;

    UsagePage(WebAuth auth, UsageService usage, UsageRules rules, Clock clock, ObjectMapper json, TocsinConfig config) {
        this.config = config;
        this.auth = auth;
        this.usage = usage;
        this.rules = rules;
        this.clock = clock;
        this.json = json;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(SignedIn me, String range, List<Range> ranges, List<String> providers, String provider,
                                             Totals totals, List<UsageService.Series> series, Map<String, RawString> charts,
                                             boolean moreThanCharted, List<UsageRule> rules, String publicUrl);
    }

    /**
     * @param provider shows one provider; the choice is among the providers of the range, so an unknown
     *                 value shows every provider rather than an error
     */
    @GET
    public TemplateInstance show(@QueryParam("range") String range, @QueryParam("provider") String provider) {
        SignedIn me = auth.require();
        Range chosen = Range.of(range);
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(chosen.span);
        UsageService.Report all = usage.report(me.account().id, null, from, to, chosen.step);
        List<String> providers = all.series().stream().map(UsageService.Series::provider).distinct().sorted().toList();
        String picked = providers.contains(provider) ? provider : null;
        List<UsageService.Series> series = all.series().stream()
                .filter(s -> picked == null || s.provider().equals(picked))
                .sorted((a, b) -> Long.compare(b.totals().calls(), a.totals().calls()))
                .toList();
        UsageService.Report shown = new UsageService.Report(all.from(), all.to(), all.step(), series);
        return Templates.usage(me, chosen.code, List.of(Range.values()), providers, picked, Totals.of(series), series,
                series.isEmpty() ? Map.of() : UsageCharts.of(shown, json), series.size() > UsageCharts.MOST_LINES,
                rules.list(me.account().id, null, 50), config.publicUrl());
    }
}
