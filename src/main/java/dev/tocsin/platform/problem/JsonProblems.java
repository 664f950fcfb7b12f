package dev.tocsin.platform.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** A body that is not JSON, or JSON that does not fit: the problem, naming the field and why, never the value. */
final class JsonProblems {

    private final ObjectMapper json;

    JsonProblems(ObjectMapper json) {
        this.json = json;
    }

    Problem unreadable(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
                    "The request body is not valid JSON" + where + ".", List.of());
        }
        String field = pathOf(mapping);
        String message = messageFor(mapping);
        return new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    private String messageFor(JsonMappingException e) {
        if (e instanceof JsonInputRules.RejectedValue rejected) {
            return rejected.reason();
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(this::jsonName).collect(Collectors.joining(", "));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describe(mismatch.getTargetType());
        }
        return "has an unreadable value";
    }

    private String jsonName(Object constant) {
        try {
            return json.writeValueAsString(constant).replace("\"", "");
        } catch (JsonProcessingException e) {
            return String.valueOf(constant);
        }
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == UUID.class) {
            return "an id";
        }
        if (type.isEnum()) {
            return "one of the documented values";
        }
        return "an object";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

}
