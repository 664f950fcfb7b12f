package dev.tocsin.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single place where failures become responses. Under {@code /api/} and {@code /webhooks/} every error is
 * {@code application/problem+json}; pages get a short readable HTML page. Neither ever carries a
 * stack trace, a class name, SQL, or the rejected input itself (it may hold a credential).
 */
class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ObjectMapper json;

    @Inject
    Template error;

    @ServerExceptionMapper
    Response problem(ProblemException e, UriInfo uri) {
        Response answer = respond(uri, e.toProblem());
        if (e instanceof RateLimitedException limited) {
            return Response.fromResponse(answer).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return answer;
    }

    @ServerExceptionMapper
    Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(uri, new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, errors));
    }

    @ServerExceptionMapper
    Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(uri, json().unreadable(e));
    }

    /** Quarkus ships a mapper for this subtype; naming it here makes ours the one that answers. */
    @ServerExceptionMapper
    Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(uri, json().unreadable(e));
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jsonFailure) {
            return respond(uri, json().unreadable(jsonFailure));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Optional<String> unconvertible = unconvertibleQueryParameter(e, uri);
        if (unconvertible.isPresent()) {
            return respond(uri, ProblemException.invalid(unconvertible.get(), "is not a value of the expected type").toProblem());
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Request refused" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "Nothing lives at " + uri.getPath() + ".";
            case 405 -> "This resource does not accept that method.";
            case 406 -> "This resource cannot answer in the requested media type.";
            case 415 -> "Send the body as application/json.";
            default -> title + ".";
        };
        Response original = e.getResponse();
        Response answer = respond(uri, new Problem(Problem.TYPE_BASE + slug(title), title, status, detail, List.of()));
        if (original.getHeaderString("Allow") != null) {
            return Response.fromResponse(answer).header("Allow", original.getHeaderString("Allow")).build();
        }
        return answer;
    }

    /**
     * JAX-RS answers a query parameter it cannot convert (a UUID that is not one, a number that is not)
     * with a 404 carrying the conversion failure; for a query parameter that is a bad request, so this
     * finds which parameter's value the failure names. A path parameter that does not convert stays a 404:
     * nothing lives there.
     */
    private static Optional<String> unconvertibleQueryParameter(WebApplicationException e, UriInfo uri) {
        if (!(e instanceof NotFoundException) || e.getCause() == null || e.getCause().getMessage() == null) {
            return Optional.empty();
        }
        String failure = e.getCause().getMessage();
        // The longest value the failure quotes wins, so "?limit=1&incident=x1" blames incident.
        return uri.getQueryParameters().entrySet().stream()
                .flatMap(p -> p.getValue().stream().filter(v -> !v.isEmpty() && failure.contains(v)).map(v -> Map.entry(p.getKey(), v)))
                .max(Comparator.comparingInt((Map.Entry<String, String> p) -> p.getValue().length()))
                .map(Map.Entry::getKey);
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e, UriInfo uri) {
        if (refusedInputByDatabase(e)) {
            // A last line behind the validation at the edge (a form field, a value no check knew): the
            // transaction rolled back, so nothing was written; the value is not quoted, it may be a secret.
            return respond(uri, new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400,
                    "body: contains a NUL character or a value out of range", List.of(new Problem.FieldError("body",
                    "contains a NUL character or a value out of range"))));
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (reference %s)", uri.getPath(), reference);
        return respond(uri, new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                "Something went wrong on our side. Reference: " + reference + ".", List.of()));
    }

    /** PostgreSQL's "invalid byte sequence" (NUL in text), "untranslatable character" and datetime or numeric overflows. */
    private JsonProblems json() {
        return new JsonProblems(json);
    }

    private static boolean refusedInputByDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && List.of("22021", "22P05", "22008", "22003").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                if (node.getKind() == ElementKind.PROPERTY) {
                    if (!field.isEmpty()) {
                        field.append('.');
                    }
                    field.append(node.getName());
                }
            }
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter == null ? "body" : parameter;
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** The API, and the endpoints other services call (Stripe's webhooks, OTLP exporters): problem+json, never a page. */
    private static boolean forMachines(String path) {
        return path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/v1/");
    }

    private Response respond(UriInfo uri, Problem problem) {
        if (forMachines(uri.getPath())) {
            try {
                return Response.status(problem.status())
                        .type(Problem.MEDIA_TYPE)
                        .entity(json.writeValueAsString(problem))
                        .build();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A problem document could not be written", e);
            }
        }
        String page = error.data("status", problem.status())
                .data("title", problem.title())
                .data("detail", problem.detail())
                .render();
        return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }
}
