package dev.tocsin.api.openapi;

import dev.tocsin.catalog.Cause;
import dev.tocsin.signal.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Lists the causes a {@code cause} field can hold, from the code that names them, so the document
 * cannot fall behind a new cause. A probe result holds a probe's causes; an incident, its timeline and
 * a maintenance window's suppressed signals also hold those of other sources: {@code flapping}
 * (confirmation), {@code vendor} (a status page) and {@code spend} (a usage rule). Null stays allowed
 * where the field is nullable (an up run has no cause).
 */
final class Causes {

    static final List<String> PROBE = Arrays.stream(Cause.values()).map(Cause::code).toList();
    static final List<String> ANY = concat(PROBE, List.of(Signal.FLAPPING, "vendor", "spend"));
    private static final Map<String, List<String>> BY_SCHEMA = Map.of("Result", PROBE, "Incident", ANY,
            "IncidentTimelineEntry", ANY, "Suppressed", ANY);

    private Causes() {
    }

    static void document(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        BY_SCHEMA.forEach((name, causes) -> {
            Schema schema = schemas.get(name);
            Schema cause = schema == null || schema.getProperties() == null ? null : schema.getProperties().get("cause");
            if (cause != null) {
                List<Object> values = new ArrayList<>(causes);
                if (cause.getType() != null && cause.getType().contains(Schema.SchemaType.NULL)) {
                    values.add(null);
                }
                cause.setEnumeration(values);
            }
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
