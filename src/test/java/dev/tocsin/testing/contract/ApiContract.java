package dev.tocsin.testing.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

/**
 * The running application's own OpenAPI document ({@code /q/openapi}) as a checker of API answers. Only
 * answers are checked: tests send wrong requests on purpose. An answer on a documented path must have a
 * documented status, media type and body; an answer from an API path the document lacks fails too
 * (unless it is the 404 or 405 of a path or method that does not exist).
 */
public final class ApiContract {

    private static final Set<Integer> NO_SUCH_ENDPOINT = Set.of(404, 405);
    private static volatile ApiContract running;

    private final String document;
    private final OpenApiInteractionValidator validator;

    private ApiContract(String document) {
        this.document = document;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                        .withLevel("validation.response", ValidationReport.Level.ERROR)
                        .build())
                .build();
    }

    /** The contract of the application under test (port {@code quarkus.http.test-port}), fetched once. */
    public static ApiContract ofRunningApp() {
        ApiContract contract = running;
        if (contract == null) {
            synchronized (ApiContract.class) {
                if (running == null) {
                    running = new ApiContract(fetch(URI.create("http://localhost:8081/q/openapi?format=json")));
                }
                contract = running;
            }
        }
        return contract;
    }

    /** A contract over a given document, for checking the checker. */
    public static ApiContract of(String document) {
        return new ApiContract(document);
    }

    public String document() {
        return document;
    }

    /** Whether answers on this path are held to the document: the API and the documented webhooks. */
    public static boolean covers(String path) {
        return path.startsWith("/api/v1/") || path.equals("/v1/traces") || path.startsWith("/webhooks/");
    }

    /** Every way the answer departs from the document; empty when it conforms. */
    public List<String> violations(Request request, Response response) {
        ValidationReport report = validator.validate(request, response);
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(m.getKey().startsWith("validation.request.") && NO_SUCH_ENDPOINT.contains(response.getStatus())))
                .map(m -> request.getMethod() + " " + request.getPath() + " → " + response.getStatus() + ": " + m.getKey() + ": "
                        + m.getMessage() + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .toList();
    }

    private static String fetch(URI uri) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("The OpenAPI document could not be read from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
