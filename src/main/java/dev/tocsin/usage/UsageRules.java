package dev.tocsin.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.account.AccountCreated;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An account's usage rules. Every finder takes the account id. A new account starts with the guide's
 * rule: a 429 rate above 5 % over at least 100 calls in 5 minutes, per provider.
 */
@ApplicationScoped
public class UsageRules {

    private static final Set<String> COMMON = Set.of("name", "kind", "provider", "model", "windowSeconds", "minCalls");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Clock clock;

    UsageRules(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void onAccountCreated(@Observes AccountCreated created) {
        UsageRule rule = new UsageRule();
        rule.id = UUID.randomUUID();
        rule.accountId = created.accountId();
        rule.name = "429 rate above 5 % (per provider)";
        rule.kind = RuleKind.STATUS_RATE.code;
        rule.windowSeconds = 300;
        rule.minCalls = 100;
        rule.settings = Map.of("status", List.of(429), "threshold", 0.05);
        rule.breached = Map.of();
        rule.createdAt = clock.instant();
        rule.updatedAt = rule.createdAt;
        rule.persist();
    }

    public List<UsageRule> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((query, params) -> UsageRule.find(query, params), accountId, after, limit);
    }

    public UsageRule get(UUID accountId, UUID id) {
        return UsageRule.<UsageRule>find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("No rule " + id + "."));
    }

    @Transactional
    public UsageRule create(UUID accountId, JsonNode body) {
        UsageRule rule = new UsageRule();
        rule.id = UUID.randomUUID();
        rule.accountId = accountId;
        rule.breached = Map.of();
        rule.createdAt = clock.instant();
        apply(rule, body, true);
        rule.persist();
        return rule;
    }

    /** Fields present replace, absent stay; the kind cannot change (create another rule). A change starts the rule afresh. */
    @Transactional
    public UsageRule update(UUID accountId, UUID id, JsonNode body) {
        UsageRule rule = get(accountId, id);
        if (body != null && body.has("kind") && !rule.kind.equals(body.get("kind").asText())) {
            throw ProblemException.invalid("kind", "cannot change; create a new rule of the other kind and delete this one");
        }
        apply(rule, body, false);
        return rule;
    }

    @Transactional
    public void delete(UUID accountId, UUID id) {
        get(accountId, id).delete();
    }

    private void apply(UsageRule rule, JsonNode body, boolean creating) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        body.fields().forEachRemaining(f -> {
            if (f.getValue().isTextual() && (f.getValue().asText().length() > 1000
                    || f.getValue().asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
                errors.add(new Problem.FieldError(f.getKey(), "must be text of at most 1000 characters, without control characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        RuleKind kind = creating ? kind(body, errors) : RuleKind.of(rule.kind).orElseThrow();
        if (kind != null) {
            Set<String> known = new LinkedHashSet<>(COMMON);
            known.addAll(kind.fields());
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    errors.add(new Problem.FieldError(name, "is not a field of a " + kind.code + " rule; known: " + String.join(", ", known)));
                }
            }
        }
        String name = body.has("name") || creating ? text(body, "name", 200, true, errors) : rule.name;
        String provider = body.has("provider") ? providerName(body, errors) : creating ? null : rule.provider;
        String model = body.has("model") ? text(body, "model", 200, false, errors) : creating ? null : rule.model;
        int window = body.has("windowSeconds") || creating ? whole(body, "windowSeconds", 60, 86_400, 300, errors) : rule.windowSeconds;
        int minCalls = body.has("minCalls") || creating ? whole(body, "minCalls", 0, 1_000_000_000, 100, errors) : rule.minCalls;
        Map<String, Object> settings = rule.settings;
        if (kind != null && (creating || kind.fields().stream().anyMatch(body::has))) {
            // A partial change of the kind's own settings is merged over what the rule had.
            com.fasterxml.jackson.databind.node.ObjectNode merged = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                    creating ? Map.of() : rule.settings);
            kind.fields().stream().filter(body::has).forEach(f -> merged.set(f, body.get(f)));
            if (kind == RuleKind.STATUS_RATE && body.has("status")) {
                merged.remove("statusClass");
            } else if (kind == RuleKind.STATUS_RATE && body.has("statusClass")) {
                merged.remove("status");
            }
            settings = kind.settings(merged, errors);
        }
        if (model != null && provider == null) {
            errors.add(new Problem.FieldError("model", "needs a provider"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        rule.name = name;
        rule.kind = kind.code;
        rule.provider = provider;
        rule.model = model;
        rule.windowSeconds = window;
        rule.minCalls = minCalls;
        rule.settings = new HashMap<>(settings);
        rule.updatedAt = clock.instant();
    }

    private static RuleKind kind(JsonNode body, List<Problem.FieldError> errors) {
        JsonNode kind = body.get("kind");
        RuleKind found = kind == null || !kind.isTextual() ? null : RuleKind.of(kind.asText()).orElse(null);
        if (found == null) {
            errors.add(new Problem.FieldError("kind", "must be one of status-rate, latency, fallback-rate, spend"));
        }
        return found;
    }

    private static String providerName(JsonNode body, List<Problem.FieldError> errors) {
        if (body.get("provider").isNull()) {
            return null;
        }
        String p = text(body, "provider", 100, true, errors);
        if (p != null && !NAME.matcher(p.toLowerCase(java.util.Locale.ROOT)).matches()) {
            errors.add(new Problem.FieldError("provider", "must be a catalog id or your own provider's name (letters, digits, '.', '_', '-')"));
            return null;
        }
        return p == null ? null : p.toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JsonNode body, String field, int max, boolean required, List<Problem.FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > max || node.asText().chars().anyMatch(c -> c < 0x20)) {
            errors.add(new Problem.FieldError(field, "must be a string of 1 to " + max + " characters"));
            return null;
        }
        return node.asText().strip();
    }

    private static int whole(JsonNode body, String field, int min, int max, int otherwise, List<Problem.FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
            return otherwise;
        }
        return node.asInt();
    }
}
