package dev.tocsin.probe;

import dev.tocsin.catalog.AuthScheme;
import dev.tocsin.catalog.Cause;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.monitor.SealedHeaders;
import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.outbound.OutboundRequest;
import dev.tocsin.platform.outbound.OutboundResponse;
import dev.tocsin.platform.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one claimed target: one request, however many monitors share it, then one judged run per
 * monitor. Nothing here blocks; the request goes through the outbound seam, which vets the address.
 */
@ApplicationScoped
public class Prober {

    private static final int MAX_RATE_LIMIT_HEADERS = 20;
    private static final List<String> RATE_LIMIT_PREFIXES = List.of("x-ratelimit", "anthropic-ratelimit", "ratelimit", "retry-after");

    private final OutboundHttp http;
    private final Catalog catalog;
    private final CredentialCipher cipher;
    private final ProbeConfig config;
    private final Clock clock;

    Prober(OutboundHttp http, Catalog catalog, CredentialCipher cipher, ProbeConfig config, Clock clock) {
        this.http = http;
        this.catalog = catalog;
        this.cipher = cipher;
        this.config = config;
        this.clock = clock;
    }

    public CompletionStage<List<ProbeRun>> run(ClaimedTarget target) {
        ProbeSpec first = target.monitors().get(0);
        Optional<Provider> provider = Optional.ofNullable(first.provider()).flatMap(catalog::find);
        int timeout = target.monitors().stream().mapToInt(ProbeSpec::timeoutMs).max().orElse(first.timeoutMs());
        // A model list can be long; other bodies are read only for assertions and error messages.
        int maxBody = provider.isPresent() ? OutboundRequest.DEFAULT_MAX_BODY_BYTES : config.maxBodyBytes();
        Instant started = clock.instant();
        Map<String, String> headers;
        try {
            headers = headers(first, provider);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Sealed with a key no longer configured: report it on the monitor instead of skipping it silently.
            return CompletableFuture.completedFuture(failed(target, started, Verdict.down(Cause.AUTH,
                    "The stored credential or headers could not be decrypted",
                    "Enter the credential and headers again (PATCH the monitor), or restore the key they were encrypted "
                            + "with (tocsin.credentials.previous-keys).")));
        }
        OutboundRequest request;
        try {
            request = new OutboundRequest(first.url(), first.method(), headers, null, Duration.ofMillis(timeout), maxBody);
        } catch (IllegalArgumentException e) {
            // Rows written before today's validation (or by hand) may hold what no request can carry; the
            // message names the header, never its value.
            return CompletableFuture.completedFuture(failed(target, started, unbuildable(e.getMessage())));
        }
        return http.send(request).thenApply(response -> target.monitors().stream()
                .map(spec -> judged(target, spec, started, response, headers.values())).toList());
    }

    /** The verdict of a probe whose request could not be built or sent: a result with a cause, never a silent skip. */
    static Verdict unbuildable(String why) {
        return Verdict.down(Cause.BAD_REQUEST, "The probe request could not be built or sent: " + why,
                "Check the monitor's URL, method, headers and credential (PATCH the monitor with corrected values).");
    }

    /** The same verdict for every monitor of the target, with no response measured. */
    static List<ProbeRun> failed(ClaimedTarget target, Instant started, Verdict verdict) {
        return target.monitors().stream().map(spec -> new ProbeRun(spec.monitorId(), spec.accountId(), target.targetId(),
                target.dueAt(), started, target.recheck(), verdict, null, 0, -1, -1, -1, -1, Map.of(), Optional.empty(),
                Optional.empty(), null, target.region())).toList();
    }

    /** The monitor's own headers plus its credential, presented the way its provider expects. */
    private Map<String, String> headers(ProbeSpec spec, Optional<Provider> provider) {
        Map<String, String> headers = new LinkedHashMap<>(
                SealedHeaders.open(cipher, spec.monitorId(), spec.sealedHeaders(), spec.headers()));
        if (spec.credential() != null) {
            String credential = cipher.decrypt(spec.credential(), spec.monitorId().toString());
            headers.putAll(provider.map(p -> p.probe().auth().headers(credential))
                    .orElseGet(() -> Map.of(AuthScheme.AUTHORIZATION, "Bearer " + credential)));
        }
        return headers;
    }

    private ProbeRun judged(ClaimedTarget target, ProbeSpec spec, Instant started, OutboundResponse response,
                            Collection<String> sentHeaderValues) {
        // Each monitor in its own words: a provider's, or those of any URL.
        Optional<Provider> provider = Optional.ofNullable(spec.provider()).flatMap(catalog::find);
        Judge.Judged judged = RetryAfterCap.apply(Judge.judge(spec, provider, response, clock), spec.intervalSeconds());
        OutboundResponse.Timings t = response.timings();
        return new ProbeRun(spec.monitorId(), spec.accountId(), target.targetId(), target.dueAt(), started, target.recheck(),
                judged.verdict(), response.status() == 0 ? null : response.status(), (int) t.totalMs(), (int) t.dnsMs(),
                (int) t.connectMs(), (int) t.tlsMs(), (int) t.firstByteMs(), rateLimit(response, provider),
                response.certificateNotAfter(), judged.retryAfter(),
                judged.verdict().outcome() == Outcome.UP ? null : BodyExcerpt.of(response.bodyText(), sentHeaderValues),
                target.region());
    }

    /** The quota headers the provider sent: the catalog's names, and the common prefixes for any API. */
    private static Map<String, String> rateLimit(OutboundResponse response, Optional<Provider> provider) {
        Map<String, String> found = new LinkedHashMap<>();
        List<String> named = provider.map(Provider::rateLimitHeaders).orElse(List.of());
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean wanted = named.stream().anyMatch(n -> n.equalsIgnoreCase(lower)) || RATE_LIMIT_PREFIXES.stream().anyMatch(lower::startsWith);
            if (wanted && !values.isEmpty() && found.size() < MAX_RATE_LIMIT_HEADERS) {
                String value = values.get(0);
                found.put(lower, value.length() > 200 ? value.substring(0, 200) : value);
            }
        });
        return found;
    }
}
