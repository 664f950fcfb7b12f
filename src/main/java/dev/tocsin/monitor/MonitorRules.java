package dev.tocsin.monitor;

import dev.tocsin.catalog.Provider;
import dev.tocsin.platform.problem.Problem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Defaults and validation of monitors, as a pure function: a draft in, a complete draft and the list
 * of what is wrong (field by field) out. The bounds here are product.md §2's; plan limits, which
 * depend on the account, are checked by {@link Monitors}.
 */
public final class MonitorRules {

    public static final int MIN_INTERVAL_SECONDS = 30;
    public static final int MAX_INTERVAL_SECONDS = 86_400;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_TIMEOUT_MS = 15_000;
    public static final int MAX_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_MAX_LATENCY_MS = 3_000;
    public static final int DEFAULT_TLS_EXPIRY_DAYS = 14;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;
    public static final int DEFAULT_FLAP_THRESHOLD = 3;
    public static final int DEFAULT_FLAP_WINDOW_SECONDS = 600;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final int MAX_HEADERS = 20;
    private static final int MAX_LIST = 50;
    private static final int MAX_REGIONS = 10;

    private MonitorRules() {
    }

    /** The outcome: a complete draft (meaningful only when {@code errors} is empty) and the errors. */
    public record Result(MonitorDraft monitor, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param hasStoredCredential whether the monitor already holds a credential (on a change)
     * @param planMinInterval the default interval never goes below the plan's minimum
     */
    public static Result resolve(MonitorDraft d, Function<String, Optional<Provider>> catalog, boolean hasStoredCredential,
                                 int planMinInterval) {
        return resolve(d, catalog, hasStoredCredential, planMinInterval, List.of(Regions.DEFAULT));
    }

    /** @param offeredRegions the regions a monitor may ask for ({@code tocsin.regions}) */
    public static Result resolve(MonitorDraft d, Function<String, Optional<Provider>> catalog, boolean hasStoredCredential,
                                 int planMinInterval, List<String> offeredRegions) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Provider> provider = Optional.empty();
        // An unknown provider is the one mistake: the url and name it would have supplied are not also missing.
        boolean unknownProvider = false;
        MonitorType type = d.type() != null ? d.type() : d.provider() != null ? MonitorType.PROVIDER : MonitorType.HTTP;
        if (type == MonitorType.PROVIDER) {
            if (d.provider() == null || d.provider().isBlank()) {
                errors.add(new FieldError("provider", "is required for a provider monitor, e.g. \"mistral\""));
            } else {
                provider = catalog.apply(d.provider().strip().toLowerCase(Locale.ROOT));
                if (provider.isEmpty()) {
                    unknownProvider = true;
                    errors.add(new FieldError("provider", "is not in the catalog; GET /api/v1/providers lists the known ones"));
                }
            }
            if (d.credential() == null && !hasStoredCredential) {
                errors.add(new FieldError("credential", "is required: the provider's API key the health probe uses"));
            }
        } else if (d.provider() != null) {
            errors.add(new FieldError("provider", "only applies to monitors of type provider"));
        }
        String credential = HeaderValues.oneLine(d.credential());
        if (d.credential() != null && credential == null) {
            errors.add(new FieldError("credential", HeaderValues.ONE_LINE));
        } else if (credential != null && (credential.isBlank() || credential.length() > 4096)) {
            errors.add(new FieldError("credential", "must be 1 to 4096 characters"));
        }

        String url = or(d.url(), provider.map(p -> p.probe().url().toString()).orElse(null));
        if (url != null || !unknownProvider) {
            checkUrl(url, errors);
        }
        String name = or(d.name(), provider.map(p -> p.name() + " API").orElseGet(() -> hostOf(url)));
        if (!(name == null && unknownProvider) && (name == null || name.isBlank() || name.strip().length() > 200)) {
            errors.add(new FieldError("name", name == null ? "is required" : "must be 1 to 200 characters"));
        }
        String method = or(d.method(), provider.map(p -> p.probe().method()).orElse("GET")).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(new FieldError("method", "must be one of " + String.join(", ", METHODS.stream().sorted().toList())));
        }
        Map<String, String> headers = checkHeaders(d.headers() == null ? Map.of() : d.headers(), errors);

        int interval = or(d.intervalSeconds(), Math.max(DEFAULT_INTERVAL_SECONDS, planMinInterval));
        range(errors, "intervalSeconds", interval, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS);
        int timeout = or(d.timeoutMs(), Math.min(DEFAULT_TIMEOUT_MS, interval * 1000));
        range(errors, "timeoutMs", timeout, 1, MAX_TIMEOUT_MS);
        if (timeout > interval * 1000L) {
            errors.add(new FieldError("timeoutMs", "must not be longer than the interval"));
        }
        List<Integer> expect = d.expectStatus() == null ? List.of() : d.expectStatus();
        if (expect.size() > 20) {
            errors.add(new FieldError("expectStatus", "must list at most 20 status codes"));
        }
        for (int i = 0; i < expect.size(); i++) {
            Integer code = expect.get(i);
            if (code == null || code < 100 || code > 599) {
                errors.add(new FieldError("expectStatus[" + i + "]", "must be an HTTP status code from 100 to 599"));
            }
        }
        int maxLatency = or(d.maxLatencyMs(), DEFAULT_MAX_LATENCY_MS);
        range(errors, "maxLatencyMs", maxLatency, 1, MAX_TIMEOUT_MS);
        if (d.bodyContains() != null && (d.bodyContains().isEmpty() || d.bodyContains().length() > 1000)) {
            errors.add(new FieldError("bodyContains", "must be 1 to 1000 characters"));
        }
        int tlsDays = or(d.tlsExpiryDays(), DEFAULT_TLS_EXPIRY_DAYS);
        range(errors, "tlsExpiryDays", tlsDays, 0, 365);
        int failure = or(d.failureThreshold(), DEFAULT_FAILURE_THRESHOLD);
        range(errors, "failureThreshold", failure, 1, 20);
        int success = or(d.successThreshold(), DEFAULT_SUCCESS_THRESHOLD);
        range(errors, "successThreshold", success, 1, 20);
        int flap = or(d.flapThreshold(), DEFAULT_FLAP_THRESHOLD);
        range(errors, "flapThreshold", flap, 1, 50);
        int flapWindow = or(d.flapWindowSeconds(), DEFAULT_FLAP_WINDOW_SECONDS);
        range(errors, "flapWindowSeconds", flapWindow, 60, MAX_INTERVAL_SECONDS);
        List<String> components = list(errors, "components", d.components(), List.of());
        List<String> models = list(errors, "models", d.models(), provider.map(p -> p.probe().defaultModels()).orElse(List.of()));
        List<String> tags = list(errors, "tags", d.tags(), List.of());
        List<String> regions = d.regions() == null ? List.of() : d.regions();
        Integer quorum = checkRegions(type, regions, d.quorum(), offeredRegions, errors);

        MonitorDraft complete = new MonitorDraft(name == null ? null : name.strip(), type,
                provider.map(Provider::id).orElse(null), url, method, headers, credential, interval, timeout, expect,
                maxLatency, d.bodyContains(), tlsDays, failure, success, flap, flapWindow, components, models, tags,
                d.paused() != null && d.paused(), regions, quorum);
        return new Result(complete, List.copyOf(errors));
    }

    /** The quorum to store: null without regions, a majority of them when not given. */
    private static Integer checkRegions(MonitorType type, List<String> regions, Integer quorum, List<String> offered,
                                       List<FieldError> errors) {
        if (regions.isEmpty()) {
            if (quorum != null) {
                errors.add(new FieldError("quorum", "only applies with regions"));
            }
            return null;
        }
        if (type == MonitorType.STATUSPAGE) {
            errors.add(new FieldError("regions", "do not apply to status-page monitors: the vendor's page says the same from everywhere"));
        }
        if (regions.size() > MAX_REGIONS) {
            errors.add(new FieldError("regions", "must list at most " + MAX_REGIONS + " regions"));
        }
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i);
            if (region == null || !offered.contains(region)) {
                errors.add(new FieldError("regions[" + i + "]", "is not a region this service probes from; offered: "
                        + String.join(", ", offered)));
            } else if (regions.indexOf(region) != i) {
                errors.add(new FieldError("regions[" + i + "]", "is listed twice"));
            }
        }
        int resolved = quorum == null ? regions.size() / 2 + 1 : quorum;
        if (resolved < 1 || resolved > regions.size()) {
            errors.add(new FieldError("quorum", "must be from 1 to " + regions.size() + " (the number of regions)"));
        }
        return resolved;
    }

    private static void checkUrl(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required"));
            return;
        }
        if (url.length() > 2048) {
            errors.add(new FieldError("url", "must be at most 2048 characters"));
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                errors.add(new FieldError("url", "must start with http:// or https://"));
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                errors.add(new FieldError("url", "must name a host"));
            } else if (uri.getUserInfo() != null) {
                errors.add(new FieldError("url", "must not carry a user or password; use headers or credential"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL"));
        }
    }

    /** A readable default name for a URL monitor: its host. */
    private static String hostOf(String url) {
        try {
            return url == null ? null : new URI(url).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The headers with one trailing line break taken off each value (a pasted key often has one). */
    private static Map<String, String> checkHeaders(Map<String, String> headers, List<FieldError> errors) {
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError("headers", "must have at most " + MAX_HEADERS + " entries"));
        }
        Map<String, String> clean = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String line = HeaderValues.oneLine(value);
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                errors.add(new FieldError("headers", "has an invalid header name"));
            } else if (value == null || value.length() > 2000) {
                errors.add(new FieldError("headers." + name, "must be at most 2000 characters"));
            } else if (line == null) {
                errors.add(new FieldError("headers." + name, HeaderValues.ONE_LINE));
            } else {
                clean.put(name, line);
            }
        });
        return clean;
    }

    private static List<String> list(List<FieldError> errors, String field, List<String> given, List<String> fallback) {
        List<String> values = given == null ? fallback : given;
        if (values.size() > MAX_LIST) {
            errors.add(new FieldError(field, "must have at most " + MAX_LIST + " entries"));
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isBlank() || v.length() > 200) {
                errors.add(new FieldError(field + "[" + i + "]", "must be 1 to 200 characters"));
            }
        }
        return values.stream().map(v -> v == null ? null : v.strip()).toList();
    }

    private static void range(List<FieldError> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
