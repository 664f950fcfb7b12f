package dev.tocsin.api.openapi;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Drops the component schemas no documented path reaches. The scanner registers the types of every
 * resource it saw, pages included (Qute's TemplateInstance, its engine, AtomicLong …); once the pages'
 * paths are gone these would otherwise stay as noise in the API's contract.
 */
final class UnusedSchemas {

    private static final String PREFIX = "#/components/schemas/";

    private UnusedSchemas() {
    }

    static void remove(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null || schemas.isEmpty()) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<Object> work = new ArrayDeque<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> work.add(p.getSchema() == null ? List.of() : p.getSchema()));
            }
            if (op.getRequestBody() != null) {
                addContent(work, op.getRequestBody().getContent());
            }
            if (op.getResponses() != null) {
                op.getResponses().getAPIResponses().values().forEach(r -> addContent(work, r.getContent()));
            }
        }));
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof Schema schema) {
                String ref = schema.getRef();
                if (ref != null && ref.startsWith(PREFIX)) {
                    String name = ref.substring(PREFIX.length());
                    if (reached.add(name) && schemas.containsKey(name)) {
                        work.push(schemas.get(name));
                    }
                }
                work.addAll(schema.getAll().values());
            } else if (next instanceof Collection<?> many) {
                work.addAll(many);
            } else if (next instanceof Map<?, ?> map) {
                work.addAll(map.values());
            }
        }
        for (String name : List.copyOf(schemas.keySet())) {
            if (!reached.contains(name)) {
                openAPI.getComponents().removeSchema(name);
            }
        }
    }

    private static void addContent(Deque<Object> work, Content content) {
        if (content != null) {
            content.getMediaTypes().values().forEach(m -> {
                if (m.getSchema() != null) {
                    work.add(m.getSchema());
                }
            });
        }
    }
}
