package dev.tocsin.api;

import dev.tocsin.account.Caller;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.platform.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.platform.security.RateLimiter;
import jakarta.inject.Inject;
import java.time.Duration;
import dev.tocsin.platform.TocsinConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every request under {@code /api/} with a Bearer API key, before any resource runs:
 * no endpoint can forget to. A read key is refused on every method that changes state.
 */
class ApiAuthFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeys keys;

    @Inject
    CurrentCaller current;

    @Inject
    ObjectMapper json;

    @Inject
    RateLimiter limiter;

    @Inject
    TocsinConfig config;

    @ServerRequestFilter
    Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        // OTLP exporters post to a fixed path outside /api; they authenticate with the same keys.
        if (!path.startsWith("/api/") && !path.equals(OtlpResource.PATH)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(unauthorized("Send an API key as the header Authorization: Bearer tcs_…"));
        }
        Optional<Caller> caller = keys.authenticate(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            return Optional.of(unauthorized("This API key is unknown or revoked."));
        }
        int requestsPerMinute = config.api().requestsPerMinute();
        RateLimiter.Decision decision = limiter.hit("api:" + caller.get().keyId(), requestsPerMinute, Duration.ofMinutes(1));
        if (!decision.allowed()) {
            return Optional.of(Response.fromResponse(problem(new Problem(Problem.TYPE_BASE + "rate-limited", "Too Many Requests", 429,
                            "This API key made more than " + requestsPerMinute + " requests this minute; retry after the Retry-After delay.",
                            List.of())))
                    .header("Retry-After", Math.max(1, decision.retryAfter().toSeconds()))
                    .build());
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !caller.get().canWrite()) {
            String why = caller.get().scope() == dev.tocsin.account.KeyScope.READ
                    ? "This API key has the read scope; create a write key to make changes."
                    : "This API key belongs to a viewer, who may only read.";
            return Optional.of(problem(new Problem(Problem.TYPE_BASE + "read-only-key", "Forbidden", 403, why, List.of())));
        }
        current.set(caller.get());
        return Optional.empty();
    }

    private Response unauthorized(String detail) {
        return Response.fromResponse(problem(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401, detail, List.of())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tocsin\"")
                .build();
    }

    private Response problem(Problem problem) {
        try {
            return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json.writeValueAsString(problem)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
