package dev.tocsin.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.platform.problem.Problem;
import dev.tocsin.signal.Severity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of usage rule: what each reads from a window's figures, what its settings are, and the words
 * of its alert ("429 rate 12.4 % over 1,310 calls in the last 5 min (threshold 5 %)").
 */
enum RuleKind {
    STATUS_RATE("status-rate"), LATENCY("latency"), FALLBACK_RATE("fallback-rate"), SPEND("spend");

    final String code;

    RuleKind(String code) {
        this.code = code;
    }

    static Optional<RuleKind> of(String code) {
        for (RuleKind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Reads and checks the kind's own settings from a request; adds an error per bad field. */
    Map<String, Object> settings(JsonNode body, List<Problem.FieldError> errors) {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (this) {
            case STATUS_RATE -> {
                JsonNode status = body.get("status");
                JsonNode statusClass = body.get("statusClass");
                if ((status == null) == (statusClass == null)) {
                    errors.add(new Problem.FieldError("status", "give either \"status\": [429] or \"statusClass\": \"4xx\", \"5xx\" or \"transport\""));
                } else if (status != null) {
                    if (!status.isArray() || status.size() != 1 || status.get(0).asInt() != 429) {
                        errors.add(new Problem.FieldError("status", "only [429] is counted exactly; use statusClass for 4xx, 5xx or transport failures"));
                    } else {
                        s.put("status", List.of(429));
                    }
                } else if (!statusClass.isTextual() || !List.of("4xx", "5xx", "transport").contains(statusClass.asText())) {
                    errors.add(new Problem.FieldError("statusClass", "must be \"4xx\", \"5xx\" or \"transport\""));
                } else {
                    s.put("statusClass", statusClass.asText());
                }
                s.put("threshold", fraction(body, errors));
            }
            case FALLBACK_RATE -> s.put("threshold", fraction(body, errors));
            case LATENCY -> {
                JsonNode metric = body.get("metric");
                if (metric == null || !metric.isTextual() || !List.of("latencyMs", "ttftMs").contains(metric.asText())) {
                    errors.add(new Problem.FieldError("metric", "must be \"latencyMs\" or \"ttftMs\""));
                } else {
                    s.put("metric", metric.asText());
                }
                JsonNode percentile = body.get("percentile");
                if (percentile == null || !percentile.isNumber() || percentile.asDouble() < 1 || percentile.asDouble() > 99.9) {
                    errors.add(new Problem.FieldError("percentile", "must be a number from 1 to 99.9, e.g. 95"));
                } else {
                    s.put("percentile", percentile.asDouble());
                }
                JsonNode ms = body.get("thresholdMs");
                if (ms == null || !ms.isIntegralNumber() || ms.asLong() < 1 || ms.asLong() > 3_600_000) {
                    errors.add(new Problem.FieldError("thresholdMs", "must be a whole number of milliseconds from 1 to 3600000"));
                } else {
                    s.put("thresholdMs", ms.asInt());
                }
            }
            case SPEND -> {
                JsonNode period = body.get("period");
                if (period != null && !"day".equals(period.asText())) {
                    errors.add(new Problem.FieldError("period", "must be \"day\" (the UTC day so far)"));
                }
                s.put("period", "day");
                JsonNode usd = body.get("thresholdUsd");
                if (usd == null || !usd.isNumber() || usd.decimalValue().signum() <= 0 || usd.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                    errors.add(new Problem.FieldError("thresholdUsd", "must be an amount of US dollars above 0, at most 1000000"));
                } else {
                    s.put("thresholdUsd", usd.decimalValue());
                }
            }
        }
        return s;
    }

    private static Double fraction(JsonNode body, List<Problem.FieldError> errors) {
        JsonNode t = body.get("threshold");
        if (t == null || !t.isNumber() || t.asDouble() <= 0 || t.asDouble() >= 1) {
            errors.add(new Problem.FieldError("threshold", "must be a fraction above 0 and below 1, e.g. 0.05 for 5 %"));
            return null;
        }
        return t.asDouble();
    }

    /** The settings names a request of this kind may carry, besides the common ones. */
    List<String> fields() {
        return switch (this) {
            case STATUS_RATE -> List.of("status", "statusClass", "threshold");
            case FALLBACK_RATE -> List.of("threshold");
            case LATENCY -> List.of("metric", "percentile", "thresholdMs");
            case SPEND -> List.of("period", "thresholdUsd");
        };
    }

    /** What the rule says of a window's figures. */
    record Check(boolean breached, String reason, String cause, Severity severity) {
    }

    /** Whether the window breaches the rule, in words with its figures; never breached below minCalls (but spend). */
    Check check(Map<String, Object> s, UsageMinute w, int minCalls, String scope, String window) {
        String over = " over " + String.format(Locale.ROOT, "%,d", w.calls) + " calls " + window + " (" + scope + ")";
        boolean enough = w.calls >= Math.max(1, minCalls);
        return switch (this) {
            case STATUS_RATE -> {
                double threshold = ((Number) s.get("threshold")).doubleValue();
                String cls = (String) s.get("statusClass");
                long part = cls == null ? w.rateLimited : switch (cls) {
                    case "4xx" -> w.clientErrors + w.rateLimited;
                    case "5xx" -> w.serverErrors;
                    default -> w.transport;
                };
                double rate = UsageMinute.rate(part, w.calls);
                String what = cls == null ? "429" : cls.equals("transport") ? "No-answer" : cls;
                String cause = cls == null ? "rate_limited" : cls.equals("4xx") ? "bad_request" : cls.equals("5xx") ? "server_error" : "connect";
                yield new Check(enough && rate > threshold, what + " rate " + percent(rate) + over + " (threshold " + percent(threshold) + ")",
                        cause, Severity.DEGRADED);
            }
            case FALLBACK_RATE -> {
                double threshold = ((Number) s.get("threshold")).doubleValue();
                double rate = UsageMinute.rate(w.fallbacks, w.calls);
                yield new Check(enough && rate > threshold, "Fallback rate " + percent(rate) + over + " (threshold " + percent(threshold) + ")",
                        "overloaded", Severity.DEGRADED);
            }
            case LATENCY -> {
                String metric = (String) s.get("metric");
                double p = ((Number) s.get("percentile")).doubleValue();
                int threshold = ((Number) s.get("thresholdMs")).intValue();
                Integer value = UsageHistogram.percentile(metric.equals("ttftMs") ? w.ttft : w.latency, p);
                String label = (metric.equals("ttftMs") ? "Time to first token" : "Latency") + " p" + trim(p);
                yield new Check(enough && value != null && value > threshold,
                        label + " " + (value == null ? "unknown" : String.format(Locale.ROOT, "%,d ms", value)) + over
                                + " (threshold " + String.format(Locale.ROOT, "%,d ms", threshold) + ")", "slow", Severity.DEGRADED);
            }
            case SPEND -> {
                BigDecimal threshold = new BigDecimal(s.get("thresholdUsd").toString());
                BigDecimal spent = w.costUsd();
                yield new Check(spent.compareTo(threshold) > 0, "Spend today $" + spent.stripTrailingZeros().toPlainString() + " over "
                        + String.format(Locale.ROOT, "%,d", w.calls) + " calls (" + scope + ", threshold $" + threshold.stripTrailingZeros().toPlainString() + ")",
                        "spend", Severity.DEGRADED);
            }
        };
    }

    private static String percent(double fraction) {
        return trim(Math.round(fraction * 1000) / 10.0) + " %";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
