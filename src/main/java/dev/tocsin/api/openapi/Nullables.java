package dev.tocsin.api.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Says which values may be null. The API writes absent values as {@code null} ({@code "next": null},
 * {@code "lastCheckedAt": null}); the scanner cannot tell a Java reference that may be null from one
 * that never is, so every property a schema does not list as required is declared nullable, and so is
 * every named schema (a reference in OpenAPI 3.0 takes no {@code nullable} beside it), so that a client
 * validating answers against the document does not trip on a null.
 */
final class Nullables {

    private Nullables() {
    }

    static void allow(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        schemas.forEach((name, schema) -> {
            if (!name.equals(ApiDocument.PROBLEM)) {
                nullable(schema);
            }
            properties(schema);
        });
    }

    private static void properties(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (!required.contains(name)) {
                nullable(property);
            }
        });
    }

    /** The 3.0 writer turns a null among the types into {@code nullable: true}. */
    private static void nullable(Schema schema) {
        if (schema.getType() != null && !schema.getType().isEmpty() && !schema.getType().contains(Schema.SchemaType.NULL)) {
            schema.addType(Schema.SchemaType.NULL);
        }
    }
}
