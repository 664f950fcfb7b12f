package dev.tocsin.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.tocsin.platform.problem.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses API request bodies that carry fields the endpoint does not know. Silently ignoring them made
 * typos invisible: {@code {"interval": 60}} created a monitor with the default interval. Each unknown
 * field is named, with the closest known one. The body type is the resource method's entity parameter,
 * or, for endpoints that take the raw text (to merge a PATCH, or to replay an idempotent POST), the
 * schema their OpenAPI {@code @RequestBody} documents: what the document promises is what is enforced.
 */
class UnknownFields {

    @Inject
    ObjectMapper json;

    @ServerRequestFilter(priority = Priorities.USER + 100, readBody = true)
    Optional<Response> refuse(ContainerRequestContext request, ResourceInfo resource) throws IOException {
        if (!request.getUriInfo().getPath().startsWith("/api/") || !request.hasEntity() || !isJson(request.getMediaType())) {
            return Optional.empty();
        }
        Optional<Class<?>> type = bodyType(resource.getResourceMethod());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in.readAllBytes();
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        List<Problem.FieldError> unknown = unknownFields(json, type.get(), body);
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        String detail = unknown.stream().map(e -> "unknown field `" + e.field() + "`" + FieldNames.hint(e.message()))
                .collect(Collectors.joining("; "));
        List<Problem.FieldError> errors = unknown.stream()
                .map(e -> new Problem.FieldError(e.field(), "is not a known field" + FieldNames.hint(e.message()))).toList();
        return Optional.of(Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(json.writeValueAsString(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, errors)))
                .build());
    }

    /**
     * The unknown fields of {@code body} read as {@code type}: each error's field is the JSON path and its
     * message the closest known name (empty when none is close). A body that does not parse finds none:
     * reading it for the resource reports that.
     */
    static List<Problem.FieldError> unknownFields(ObjectMapper json, Class<?> type, byte[] body) {
        List<Problem.FieldError> found = new ArrayList<>();
        DeserializationProblemHandler collect = new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                                 Object beanOrClass, String name) throws IOException {
                Collection<Object> known = deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
                found.add(new Problem.FieldError(pathOf(p.getParsingContext(), name),
                        FieldNames.closest(name, known.stream().map(String::valueOf).toList()).orElse("")));
                p.skipChildren();
                return true;
            }
        };
        try {
            json.readerFor(type).withHandler(collect).readValue(body);
        } catch (JsonProcessingException | RuntimeException e) {
            // Malformed or mistyped input: the resource's own reading answers it precisely.
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static String pathOf(JsonStreamContext context, String name) {
        StringBuilder path = new StringBuilder(name);
        for (JsonStreamContext c = context == null ? null : context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]" + (path.charAt(0) == '[' ? "" : "."));
            } else if (c.getCurrentName() != null) {
                path.insert(0, c.getCurrentName() + (path.charAt(0) == '[' ? "" : "."));
            }
        }
        return path.toString();
    }

    private static boolean isJson(MediaType type) {
        return type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"));
    }

    /** The entity parameter's type, or for a raw-text body the schema its {@code @RequestBody} documents. */
    static Optional<Class<?>> bodyType(Method method) {
        if (method == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            Annotation[] annotations = parameter.getAnnotations();
            boolean bound = false;
            RequestBody documented = null;
            for (Annotation a : annotations) {
                if (a instanceof RequestBody r) {
                    documented = r;
                } else if (a.annotationType().getPackageName().startsWith("jakarta.ws.rs")
                        || a.annotationType().getPackageName().startsWith("org.jboss.resteasy.reactive")) {
                    bound = true;
                }
            }
            if (bound) {
                continue;
            }
            Class<?> type = parameter.getType();
            // A JSON tree is read by its resource, which names unknown fields itself (usage batches, rules).
            if (com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            if (type == String.class || type == byte[].class || type == InputStream.class) {
                if (documented != null && documented.content().length > 0 && documented.content()[0].schema().implementation() != Void.class) {
                    return Optional.of(documented.content()[0].schema().implementation());
                }
                return Optional.empty();
            }
            if (type.isRecord() || !type.getPackageName().startsWith("java")) {
                return Optional.of(type);
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
