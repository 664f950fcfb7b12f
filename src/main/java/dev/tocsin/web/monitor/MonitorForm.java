package dev.tocsin.web.monitor;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.platform.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The monitor form as posted: every field a string, as a browser sends it. {@link #draft} turns it into the
 * same {@link MonitorDraft} the API takes, so the same {@code MonitorRules} judge it; only what a JSON body
 * could not get wrong (a number that is not one, a header line without a colon) is caught here.
 */
public class MonitorForm {

    /** Shown instead of a secret header value; posted back unchanged, it keeps the stored value. */
    static final String KEPT = "(unchanged)";

    @RestForm public String type;
    @RestForm public String provider;
    @RestForm public String name;
    @RestForm public String credential;
    @RestForm public String url;
    @RestForm public String method;
    @RestForm public String headers;
    @RestForm public String expectStatus;
    @RestForm public String maxLatencyMs;
    @RestForm public String bodyContains;
    @RestForm public String tlsExpiryDays;
    @RestForm public String intervalSeconds;
    @RestForm public String timeoutMs;
    @RestForm public String failureThreshold;
    @RestForm public String successThreshold;
    @RestForm public String tags;
    @RestForm public String models;
    @RestForm public List<String> components;
    @RestForm public String componentsText;
    @RestForm public List<String> regions;
    @RestForm public String quorum;
    /** Present when the form offered regions: then no region ticked means none, rather than "unchanged". */
    @RestForm public String regionsShown;
    @RestForm public String csrf;

    /** What the form turned into, and what is wrong with it, by field name. */
    public record Parsed(MonitorDraft draft, Map<String, String> errors) {
    }

    /** The form of an existing monitor (no credential: it is never read back; secret header values masked). */
    /** @param headers the monitor's header values in clear (they are sealed at rest): secret ones are shown as kept */
    static MonitorForm of(Monitor m, java.util.Map<String, String> headers) {
        MonitorForm f = new MonitorForm();
        f.type = m.type.code();
        f.provider = m.provider;
        f.name = m.name;
        f.url = m.url;
        f.method = m.method;
        StringBuilder h = new StringBuilder();
        // Every header value is treated as a secret (sealed at rest, masked in the API): the form keeps it unshown.
        headers.forEach((k, v) -> h.append(k).append(": ").append(KEPT).append('\n'));
        f.headers = h.toString().strip();
        f.expectStatus = String.join(", ", m.expectStatus.stream().map(String::valueOf).toList());
        f.maxLatencyMs = String.valueOf(m.maxLatencyMs);
        f.bodyContains = m.bodyContains;
        f.tlsExpiryDays = String.valueOf(m.tlsExpiryDays);
        f.intervalSeconds = String.valueOf(m.intervalSeconds);
        f.timeoutMs = String.valueOf(m.timeoutMs);
        f.failureThreshold = String.valueOf(m.failureThreshold);
        f.successThreshold = String.valueOf(m.successThreshold);
        f.tags = String.join(", ", m.tags);
        f.models = String.join(", ", m.models);
        f.components = List.copyOf(m.components);
        f.componentsText = String.join(", ", m.components);
        f.regions = List.copyOf(m.regions);
        f.quorum = m.quorum == null ? "" : String.valueOf(m.quorum);
        return f;
    }

    /** A new form filled with what the rules would choose for this kind of monitor. */
    static MonitorForm defaults(MonitorDraft resolved) {
        MonitorForm f = new MonitorForm();
        f.type = resolved.type().code();
        f.provider = resolved.provider();
        f.name = resolved.provider() == null ? null : resolved.name();
        f.url = resolved.provider() == null ? null : resolved.url();
        f.method = resolved.method();
        f.headers = "";
        f.expectStatus = "";
        f.maxLatencyMs = String.valueOf(resolved.maxLatencyMs());
        f.tlsExpiryDays = String.valueOf(resolved.tlsExpiryDays());
        f.intervalSeconds = String.valueOf(resolved.intervalSeconds());
        f.timeoutMs = String.valueOf(resolved.timeoutMs());
        f.failureThreshold = String.valueOf(resolved.failureThreshold());
        f.successThreshold = String.valueOf(resolved.successThreshold());
        f.tags = "";
        f.models = String.join(", ", resolved.models());
        f.components = List.of();
        f.regions = List.of();
        f.quorum = "";
        return f;
    }

    /** @param stored the monitor being changed, whose secret header values a masked line keeps; null on creation */
    Parsed draft(Monitor stored, java.util.Map<String, String> storedHeaders, boolean paused) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (components == null) {
            components = List.of();
        }
        if (regions == null) {
            regions = List.of();
        }
        MonitorType kind = switch (blank(type) ? "http" : type) {
            case "provider" -> MonitorType.PROVIDER;
            case "statuspage" -> MonitorType.STATUSPAGE;
            default -> MonitorType.HTTP;
        };
        Map<String, String> headerMap = new LinkedHashMap<>();
        if (!blank(headers)) {
            for (String line : headers.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    errors.putIfAbsent("headers", "Write each header on its own line as Name: value");
                    continue;
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (KEPT.equals(value) && storedHeaders != null && storedHeaders.containsKey(key)) {
                    value = storedHeaders.get(key);
                }
                headerMap.put(key, value);
            }
        }
        List<Integer> expect = new ArrayList<>();
        for (String code : list(expectStatus)) {
            Integer n = number(code, "expectStatus", "Expected status codes must be numbers such as 200, 204", errors);
            if (n != null) {
                expect.add(n);
            }
        }
        List<String> chosen = components != null && !components.isEmpty() ? components : list(componentsText);
        MonitorDraft draft = new MonitorDraft(trim(name), kind, kind == MonitorType.PROVIDER ? trim(provider) : null, trim(url),
                trim(method), headerMap, blank(credential) ? null : credential.strip(),
                number(intervalSeconds, "intervalSeconds", "Check interval must be a whole number of seconds", errors),
                number(timeoutMs, "timeoutMs", "Timeout must be a whole number of milliseconds", errors),
                expect.isEmpty() ? null : expect,
                number(maxLatencyMs, "maxLatencyMs", "Maximum latency must be a whole number of milliseconds", errors),
                blank(bodyContains) ? null : bodyContains,
                number(tlsExpiryDays, "tlsExpiryDays", "Certificate warning must be a whole number of days", errors),
                number(failureThreshold, "failureThreshold", "Failed checks before an alert must be a whole number", errors),
                number(successThreshold, "successThreshold", "Good checks before recovery must be a whole number", errors),
                null, null, kind == MonitorType.STATUSPAGE ? chosen : stored == null ? null : stored.components,
                kind == MonitorType.PROVIDER && !blank(models) ? list(models) : null, list(tags), paused,
                regionsShown == null ? null : regions,
                // A quorum left in the field after every region was unticked means nothing: no regions, no quorum.
                regionsShown == null || regions.isEmpty() ? null
                        : number(quorum, "quorum", "Regions that must agree must be a whole number", errors));
        return new Parsed(draft, errors);
    }

    /** The rules' errors by the form's field names ({@code expectStatus[0]} is the expectStatus field). */
    static Map<String, String> fieldErrors(List<Problem.FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (Problem.FieldError e : errors) {
            String field = e.field().replaceAll("\\[.*", "");
            byField.putIfAbsent(field, Labels.of(field) + " " + e.message());
        }
        return byField;
    }

    private static Integer number(String value, String field, String message, Map<String, String> errors) {
        if (blank(value)) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            errors.putIfAbsent(field, message);
            return null;
        }
    }

    private static List<String> list(String value) {
        return blank(value) ? List.of() : Arrays.stream(value.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String trim(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Field names as the page labels them, so a rule's message reads as a sentence about what the user sees. */
    static final class Labels {
        private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Name"), Map.entry("url", "URL"),
                Map.entry("credential", "API key"), Map.entry("provider", "Provider"), Map.entry("method", "Method"),
                Map.entry("headers", "Headers"), Map.entry("intervalSeconds", "Check interval"), Map.entry("timeoutMs", "Timeout"),
                Map.entry("expectStatus", "Expected status"), Map.entry("maxLatencyMs", "Maximum latency"),
                Map.entry("bodyContains", "Body contains"), Map.entry("tlsExpiryDays", "Certificate warning"),
                Map.entry("failureThreshold", "Failed checks before an alert"), Map.entry("successThreshold", "Good checks before recovery"),
                Map.entry("components", "Components"), Map.entry("models", "Models"), Map.entry("tags", "Tags"),
                Map.entry("regions", "Region"), Map.entry("quorum", "Regions that must agree"));

        private Labels() {
        }

        static String of(String field) {
            return LABELS.getOrDefault(field, field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1));
        }
    }
}
