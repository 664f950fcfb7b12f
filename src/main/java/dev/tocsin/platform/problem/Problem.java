package dev.tocsin.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document: the body of every error under {@code /api/}. {@code type} is stable
 * and documented in docs/api.md, so scripts can branch on it; {@code detail} is for people.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://tocsin.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One invalid input: {@code field} is a JSON path such as {@code intervalSeconds} or {@code headers[0].name}. */
    public record FieldError(String field, String message) {
    }
}
