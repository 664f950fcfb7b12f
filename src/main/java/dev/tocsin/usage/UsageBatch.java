package dev.tocsin.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.platform.problem.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Reads a batch of reported calls, all or nothing: a pure function from the request body to either the
 * calls or every problem, each named by the item's index and field ({@code [3].status}), so a client can
 * fix its reporter in one go. Nothing of a refused batch is stored.
 */
final class UsageBatch {

    static final int MAX_ITEMS = 1000;
    static final Duration MAX_FUTURE = Duration.ofHours(1);
    static final Duration MAX_PAST = Duration.ofDays(7);
    private static final Set<String> FIELDS = Set.of("provider", "model", "status", "latencyMs", "ttftMs", "inputTokens",
            "outputTokens", "fallback", "at");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final int MAX_MS = 3_600_000;
    private static final long MAX_TOKENS = 100_000_000L;

    private UsageBatch() {
    }

    record Result(List<UsageCall> calls, List<Problem.FieldError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param priced whether (provider, model) has a price, from the catalog or the account's own; a
     *               provider that is neither in the catalog nor priced by the account is refused
     */
    static Result read(JsonNode body, Instant now, BiPredicate<String, String> priced) {
        List<Problem.FieldError> errors = new ArrayList<>();
        JsonNode items = body != null && body.isObject() && body.size() == 1 && body.has("events") ? body.get("events") : body;
        String prefix = items == body ? "" : "events";
        if (items == null || !items.isArray()) {
            return new Result(List.of(), List.of(new Problem.FieldError("events",
                    "must be a JSON array of calls (or {\"events\": [...]})")));
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            return new Result(List.of(), List.of(new Problem.FieldError(prefix.isEmpty() ? "events" : prefix,
                    "must hold 1 to " + MAX_ITEMS + " calls; this batch has " + items.size())));
        }
        List<UsageCall> calls = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            UsageCall call = item(items.get(i), prefix + "[" + i + "].", now, priced, errors);
            if (call != null) {
                calls.add(call);
            }
        }
        return errors.isEmpty() ? new Result(calls, List.of()) : new Result(List.of(), errors);
    }

    private static UsageCall item(JsonNode item, String at, Instant now, BiPredicate<String, String> priced, List<Problem.FieldError> errors) {
        if (!item.isObject()) {
            errors.add(new Problem.FieldError(at.substring(0, at.length() - 1), "must be an object"));
            return null;
        }
        int before = errors.size();
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new Problem.FieldError(at + name, "is not a field of a call; known fields: " + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }
        String provider = name(item.get("provider"), at + "provider", errors);
        String model = text(item.get("model"), at + "model", 200, errors);
        Integer status = integer(item.get("status"), at + "status", 0, 599, true, errors);
        if (status != null && status > 0 && status < 100) {
            errors.add(new Problem.FieldError(at + "status", "must be an HTTP status (100–599), or 0 for a call that got no answer"));
        }
        Integer latency = integer(item.get("latencyMs"), at + "latencyMs", 0, MAX_MS, true, errors);
        Integer ttft = integer(item.get("ttftMs"), at + "ttftMs", 0, MAX_MS, false, errors);
        Long input = tokens(item.get("inputTokens"), at + "inputTokens", errors);
        Long output = tokens(item.get("outputTokens"), at + "outputTokens", errors);
        JsonNode fallback = item.get("fallback");
        if (fallback != null && !fallback.isNull() && !fallback.isBoolean()) {
            errors.add(new Problem.FieldError(at + "fallback", "must be true or false"));
        }
        Instant when = instant(item.get("at"), at + "at", now, errors);
        if (provider != null && model != null && !priced.test(provider, model)) {
            errors.add(new Problem.FieldError(at + "provider", "\"" + provider + "\" is not in the catalog and this account set no price for "
                    + "it; GET /api/v1/providers lists the catalog, PUT /api/v1/usage/prices sets a price"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new UsageCall(provider, model, status, latency, ttft, input, output, fallback != null && fallback.asBoolean(), when);
    }

    private static String name(JsonNode node, String field, List<Problem.FieldError> errors) {
        String value = text(node, field, 100, errors);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(lower).matches()) {
            errors.add(new Problem.FieldError(field, "must be a catalog id or a name of letters, digits, '.', '_' and '-'"));
            return null;
        }
        return lower;
    }

    private static String text(JsonNode node, String field, int max, List<Problem.FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new Problem.FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            errors.add(new Problem.FieldError(field, "must be a non-empty string"));
            return null;
        }
        String value = node.asText().strip();
        if (value.length() > max || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters, without control characters"));
            return null;
        }
        return value;
    }

    private static Integer integer(JsonNode node, String field, int min, int max, boolean required, List<Problem.FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return node.asInt();
    }

    private static Long tokens(JsonNode node, String field, List<Problem.FieldError> errors) {
        if (node == null || node.isNull()) {
            return 0L;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0 || node.asLong() > MAX_TOKENS) {
            errors.add(new Problem.FieldError(field, "must be a whole number from 0 to " + MAX_TOKENS));
            return null;
        }
        return node.asLong();
    }

    private static Instant instant(JsonNode node, String field, Instant now, List<Problem.FieldError> errors) {
        if (node == null || node.isNull()) {
            return now;
        }
        try {
            Instant at = Instant.parse(node.asText());
            if (!node.isTextual() || at.isAfter(now.plus(MAX_FUTURE))) {
                errors.add(new Problem.FieldError(field, "is more than 1 hour in the future; send the time the call was made (UTC)"));
                return null;
            }
            if (at.isBefore(now.minus(MAX_PAST))) {
                errors.add(new Problem.FieldError(field, "is more than 7 days in the past; such calls are not taken"));
                return null;
            }
            return at;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 instant such as 2026-12-02T08:00:00Z"));
            return null;
        }
    }
}
