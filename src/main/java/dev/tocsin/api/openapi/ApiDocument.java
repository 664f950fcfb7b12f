package dev.tocsin.api.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Shapes {@code /q/openapi} into the API's contract. The scanner sees every JAX-RS resource, pages
 * included, and the SSO extension adds its own scheme; this filter keeps only the API paths, declares
 * the Bearer key scheme on each API operation, and adds the problem+json answers every operation can
 * give, so a new endpoint under {@code /api/v1} is documented right without anyone remembering to.
 * Answers particular to one operation (201, 409, 422 …) are {@code @APIResponse} annotations on it.
 */
public class ApiDocument implements OASFilter {

    static final String API_PREFIX = "/api/v1/";
    /** Usage ingest over OpenTelemetry (OTLP/HTTP) lives where OTLP exporters post by default, with the same key. */
    static final String OTLP_TRACES = "/v1/traces";
    /** Endpoints other services call (Stripe), documented beside the API but authenticated their own way. */
    static final String WEBHOOKS_PREFIX = "/webhooks/";
    static final String SCHEME = "apiKey";
    static final String PROBLEM = "Problem";

    private static final Set<PathItem.HttpMethod> SAFE = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
            PathItem.HttpMethod.OPTIONS);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Paths paths = openAPI.getPaths();
        if (paths == null) {
            paths = OASFactory.createPaths();
            openAPI.setPaths(paths);
        }
        for (String path : List.copyOf(paths.getPathItems().keySet())) {
            if (!documented(path)) {
                paths.removePathItem(path);
            }
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        // Only the API's own scheme: the SSO extension's openIdConnect one cannot send a key.
        openAPI.getComponents().setSecuritySchemes(Map.of(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("tcs_…")
                .description("An API key of the account (tcs_…), created on the API keys page or with POST /api/v1/api-keys. "
                        + "read keys may only GET; write keys may do everything.")));
        openAPI.setSecurity(null);
        openAPI.getComponents().addSchema(PROBLEM, Problems.schema());
        paths.getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            if (keyed(path)) {
                operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
                apiErrors(method, operation);
            } else {
                operation.setSecurity(List.of());
            }
            Problems.completeErrors(operation.getResponses());
        }));
        UnusedSchemas.remove(openAPI);
        Nullables.allow(openAPI);
        Causes.document(openAPI);
    }

    static boolean documented(String path) {
        return keyed(path) || path.startsWith(WEBHOOKS_PREFIX);
    }

    /** Paths that take an API key. */
    static boolean keyed(String path) {
        return path.startsWith(API_PREFIX) || path.equals(OTLP_TRACES);
    }

    /** What any API operation can answer besides its own results, from the filter and mapper in front of it. */
    private static void apiErrors(PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        Problems.add(responses, "401", "No API key, or an unknown or revoked one (type unauthorized)");
        Problems.add(responses, "429", "The key made too many requests this minute; see Retry-After (type rate-limited)");
        Problems.add(responses, "500", "A fault on our side; detail carries a reference (type internal)");
        if (!SAFE.contains(method)) {
            Problems.add(responses, "403", "A read key, or a role that may not do this (types read-only-key, forbidden)");
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            Problems.add(responses, "404", "No such object in this account (type not-found)");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY)) {
            Problems.add(responses, "400", "A query parameter is out of bounds or unreadable (type validation)");
        }
        if (operation.getRequestBody() != null) {
            Problems.add(responses, "400", "The body is not JSON, or a field is unknown, missing or invalid "
                    + "(types malformed-json, validation; errors lists each field)");
            Problems.addWithoutBody(responses, "413", "The body is larger than quarkus.http.limits.max-body-size; "
                    + "refused before it is read, with no body");
            Problems.add(responses, "415", "The body is not application/json (type unsupported-media-type)");
        }
    }

    /** A schema reference to a component. */
    static Schema ref(String name) {
        return OASFactory.createSchema().ref(name);
    }
}
