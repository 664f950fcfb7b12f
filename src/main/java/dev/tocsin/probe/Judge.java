package dev.tocsin.probe;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.catalog.Cause;
import dev.tocsin.catalog.DecodedError;
import dev.tocsin.catalog.ErrorDecoder;
import dev.tocsin.catalog.ErrorShape;
import dev.tocsin.catalog.Provider;
import dev.tocsin.catalog.Remedies;
import dev.tocsin.catalog.TransportError;
import dev.tocsin.platform.outbound.OutboundFailure;
import dev.tocsin.platform.outbound.OutboundResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges one response against one monitor's assertions (product.md §2), as a pure function. The order
 * matters: no answer at all, then the status, then the body, then the softer checks (models, TLS expiry,
 * latency) that make a working endpoint DEGRADED rather than DOWN. A 429 is rate limiting, never down;
 * exhausted quota is down, since no call succeeds until someone pays.
 */
public final class Judge {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A probe sends one fixed request, so an API refusing it (an unknown parameter, a model the API no longer
     * takes in that request) is about the monitor's request, not the API being down; it still alerts, since
     * the monitor watches nothing until the request is fixed.
     */
    static final String REFUSED = "The API refuses the probe's request, which says nothing about whether it is up: check the "
            + "monitor's request (URL, method, headers, body, model and parameters) against the API's reference.";
    /** The same for any URL: no model, no parameters of a provider's API. */
    static final String REFUSED_GENERIC = "The server refuses the probe's request, which says nothing about whether it is up: "
            + "check the monitor's request (URL, method, headers, body) against what the API expects.";

    private Judge() {
    }

    /** The verdict, and how long the provider asked us to wait before the next call, if it did. */
    public record Judged(Verdict verdict, Optional<Duration> retryAfter) {
        static Judged of(Verdict verdict) {
            return new Judged(verdict, Optional.empty());
        }
    }

    /**
     * Judges one response. Provider words (models, keys, tiers, credit) are for a catalog provider's monitor;
     * any other URL is told what its HTTP answer says, in generic words.
     */
    public static Judged judge(ProbeSpec spec, Optional<Provider> provider, OutboundResponse r, Clock clock) {
        Remedies.Wording wording = Remedies.Wording.of(provider.isPresent());
        if (r.failure().isPresent()) {
            return Judged.of(transport(wording, r.failure().get()));
        }
        long latency = r.timings().totalMs();
        if (latency > spec.timeoutMs()) {
            // A shared fetch waits for the most patient subscriber; this monitor's own timeout still applies.
            return Judged.of(Verdict.down(Cause.TIMEOUT, "No response within " + spec.timeoutMs() + " ms (took " + latency + " ms)",
                    Remedies.of(wording, Cause.TIMEOUT)));
        }
        if (!expected(spec.expectStatus(), r.status())) {
            if (r.status() >= 400 && r.status() <= 599) {
                ErrorShape shape = provider.map(Provider::errorShape).orElse(ErrorShape.GENERIC);
                DecodedError error = ErrorDecoder.decode(wording, shape, r.status(), r.headers(), r.bodyText(), clock);
                String refused = wording == Remedies.Wording.PROVIDER ? REFUSED : REFUSED_GENERIC;
                Verdict verdict = error.cause() == Cause.RATE_LIMITED
                        ? Verdict.degraded(error.cause(), error.reason(), error.remedy())
                        : Verdict.down(error.cause(), error.reason(), error.cause() == Cause.BAD_REQUEST ? refused : error.remedy());
                return new Judged(verdict, error.retryAfter());
            }
            return Judged.of(Verdict.down(Cause.ASSERTION, "Answered " + r.status() + ", expected "
                    + (spec.expectStatus().isEmpty() ? "any 2xx" : spec.expectStatus()), "Check the URL and the expected status codes."));
        }
        if (spec.bodyContains() != null && !r.bodyText().contains(spec.bodyContains())) {
            return Judged.of(Verdict.down(Cause.ASSERTION, "The body does not contain \"" + spec.bodyContains() + "\""
                    + (r.bodyTruncated() ? " in its first " + r.body().length + " bytes" : ""),
                    "Check what the endpoint returns now; the page or API may have changed."));
        }
        Optional<Verdict> models = provider.flatMap(p -> missingModels(spec, p, r));
        if (models.isPresent()) {
            return Judged.of(models.get());
        }
        if (spec.tlsExpiryDays() > 0 && r.certificateNotAfter().isPresent()) {
            Instant notAfter = r.certificateNotAfter().get();
            Duration left = Duration.between(clock.instant(), notAfter);
            if (left.compareTo(Duration.ofDays(spec.tlsExpiryDays())) < 0) {
                return Judged.of(Verdict.degraded(Cause.TLS, "The TLS certificate expires in " + Math.max(0, left.toDays())
                        + " days (" + notAfter + ")", "Renew the certificate before it expires."));
            }
        }
        if (latency > spec.maxLatencyMs()) {
            return Judged.of(Verdict.degraded(Cause.SLOW, "Slow: took " + latency + " ms, more than " + spec.maxLatencyMs() + " ms",
                    Remedies.of(wording, Cause.SLOW)));
        }
        return Judged.of(Verdict.up());
    }

    private static boolean expected(List<Integer> expect, int status) {
        return expect.isEmpty() ? status >= 200 && status <= 299 : expect.contains(status);
    }

    private static Verdict transport(Remedies.Wording wording, OutboundFailure failure) {
        TransportError error = switch (failure.kind()) {
            case DNS -> TransportError.DNS;
            case TLS -> TransportError.TLS;
            case TIMEOUT -> TransportError.TIMEOUT;
            case CONNECT, REFUSED, PROTOCOL -> TransportError.CONNECT;
        };
        if (failure.kind() == OutboundFailure.Kind.PROTOCOL) {
            return Verdict.down(Cause.SERVER_ERROR, "The server's answer was not valid HTTP: " + failure.message(),
                    "Retry later; if it persists, the endpoint is broken.");
        }
        DecodedError decoded = ErrorDecoder.transportFailure(wording, error, failure.message());
        String remedy = failure.kind() == OutboundFailure.Kind.REFUSED
                ? "Tocsin only calls public addresses; point the monitor at a public host." : decoded.remedy();
        return Verdict.down(decoded.cause(), decoded.reason(), remedy);
    }

    /**
     * Model watch: every model the monitor lists must appear in the provider's model list. A missing
     * one is found before the customer's own calls start failing with 404.
     */
    private static Optional<Verdict> missingModels(ProbeSpec spec, Provider provider, OutboundResponse r) {
        if (spec.models().isEmpty() || provider.probe().modelsJsonPointer() == null) {
            return Optional.empty();
        }
        JsonNode list;
        try {
            list = JSON.readTree(r.body()).at(JsonPointer.compile(provider.probe().modelsJsonPointer()));
        } catch (IOException | IllegalArgumentException e) {
            list = null;
        }
        if (list == null || !list.isArray()) {
            return r.bodyTruncated() ? Optional.empty() : Optional.of(Verdict.degraded(Cause.ASSERTION,
                    provider.name() + "'s model list could not be read", "Nothing to do unless it persists; the list format may have changed."));
        }
        Set<String> listed = new HashSet<>();
        list.forEach(entry -> listed.add(entry.path(provider.probe().modelIdField()).asText()));
        List<String> missing = spec.models().stream().filter(model -> !listed.contains(model)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Verdict.degraded(Cause.NOT_FOUND, String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " no longer listed by " + provider.name(),
                "Move to a listed model (or a dated snapshot) before calls start failing with 404."));
    }
}
