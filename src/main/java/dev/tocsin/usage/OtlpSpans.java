package dev.tocsin.usage;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Reads the customer's LLM calls out of an OTLP trace export: the spans that follow OpenTelemetry's GenAI
 * semantic conventions ({@code gen_ai.system} or {@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * {@code gen_ai.usage.*}, {@code http.response.status_code}, {@code error.type}); every other span is
 * ignored. A pure function: spans in, calls and the count of GenAI spans refused (with why) out.
 */
final class OtlpSpans {

    /** The conventions' provider names that differ from the catalog's ids. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "mistral_ai", "mistral", "az.ai.openai", "openai", "azure.ai.openai", "openai", "gcp.gemini", "gemini",
            "gcp.vertex_ai", "gemini", "gcp.gen_ai", "gemini", "google", "gemini", "x_ai", "xai");

    private OtlpSpans() {
    }

    record Read(List<UsageCall> calls, int rejected, String firstRejection) {
    }

    static Read read(ExportTraceServiceRequest export, Instant now, BiPredicate<String, String> priced) {
        List<UsageCall> calls = new ArrayList<>();
        int rejected = 0;
        String why = null;
        for (ResourceSpans resource : export.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    Map<String, AnyValue> a = attributes(span);
                    Optional<String> provider = text(a, "gen_ai.provider.name").or(() -> text(a, "gen_ai.system"))
                            .map(p -> p.toLowerCase(Locale.ROOT)).map(p -> PROVIDERS.getOrDefault(p, p));
                    if (provider.isEmpty()) {
                        continue;
                    }
                    String model = text(a, "gen_ai.request.model").or(() -> text(a, "gen_ai.response.model")).orElse("unknown");
                    Instant at = Instant.ofEpochSecond(0, span.getStartTimeUnixNano());
                    String refusal = refusal(provider.get(), model, at, now, priced);
                    if (refusal != null) {
                        rejected++;
                        why = why == null ? refusal : why;
                        continue;
                    }
                    long nanos = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
                    calls.add(new UsageCall(provider.get(), model.length() > 200 ? model.substring(0, 200) : model, status(span, a),
                            (int) Math.min(3_600_000, nanos / 1_000_000), ttft(a),
                            number(a, "gen_ai.usage.input_tokens").or(() -> number(a, "gen_ai.usage.prompt_tokens")).orElse(0L),
                            number(a, "gen_ai.usage.output_tokens").or(() -> number(a, "gen_ai.usage.completion_tokens")).orElse(0L),
                            false, at));
                }
            }
        }
        return new Read(calls, rejected, why);
    }

    private static String refusal(String provider, String model, Instant at, Instant now, BiPredicate<String, String> priced) {
        if (provider.length() > 100 || !provider.matches("[a-z0-9][a-z0-9._-]*")) {
            return "a span's gen_ai provider \"" + provider + "\" is not a name Tocsin can keep";
        }
        if (at.isAfter(now.plus(UsageBatch.MAX_FUTURE)) || at.isBefore(now.minus(UsageBatch.MAX_PAST))) {
            return "a span started more than 1 h ahead or 7 days ago";
        }
        if (!priced.test(provider, model)) {
            return "provider \"" + provider + "\" is not in the catalog and has no price (PUT /api/v1/usage/prices)";
        }
        return null;
    }

    /** The HTTP status when recorded; else an error span's numeric error.type, or 0 (no answer); else 200. */
    private static int status(Span span, Map<String, AnyValue> a) {
        Optional<Long> http = number(a, "http.response.status_code").or(() -> number(a, "http.status_code"));
        if (http.isPresent() && http.get() >= 100 && http.get() <= 599) {
            return http.get().intValue();
        }
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || a.containsKey("error.type")) {
            return text(a, "error.type").filter(t -> t.matches("[1-5][0-9][0-9]")).map(Integer::parseInt).orElse(0);
        }
        return 200;
    }

    /** Time to first token, where the instrumentation records it (seconds in the conventions). */
    private static Integer ttft(Map<String, AnyValue> a) {
        for (String key : List.of("gen_ai.response.time_to_first_chunk", "gen_ai.server.time_to_first_token")) {
            AnyValue v = a.get(key);
            if (v != null && (v.hasDoubleValue() || v.hasIntValue())) {
                double seconds = v.hasDoubleValue() ? v.getDoubleValue() : v.getIntValue();
                return (int) Math.max(0, Math.min(3_600_000, Math.round(seconds * 1000)));
            }
        }
        return null;
    }

    private static Map<String, AnyValue> attributes(Span span) {
        Map<String, AnyValue> out = new HashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            out.put(kv.getKey(), kv.getValue());
        }
        return out;
    }

    private static Optional<String> text(Map<String, AnyValue> a, String key) {
        AnyValue v = a.get(key);
        return v != null && v.hasStringValue() && !v.getStringValue().isBlank() ? Optional.of(v.getStringValue().strip()) : Optional.empty();
    }

    private static Optional<Long> number(Map<String, AnyValue> a, String key) {
        AnyValue v = a.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.hasIntValue()) {
            return Optional.of(Math.max(0, v.getIntValue()));
        }
        if (v.hasDoubleValue()) {
            return Optional.of(Math.max(0, (long) v.getDoubleValue()));
        }
        if (v.hasStringValue() && v.getStringValue().matches("[0-9]{1,12}")) {
            return Optional.of(Long.parseLong(v.getStringValue()));
        }
        return Optional.empty();
    }
}
