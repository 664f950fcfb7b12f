package dev.tocsin.api;

import dev.tocsin.account.Caller;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.platform.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
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

    @ServerRequestFilter
    Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
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
        if (!SAFE_METHODS.contains(request.getMethod()) && !caller.get().canWrite()) {
            return Optional.of(problem(new Problem(Problem.TYPE_BASE + "read-only-key", "Forbidden", 403,
                    "This API key has the read scope; create a write key to make changes.", List.of())));
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
