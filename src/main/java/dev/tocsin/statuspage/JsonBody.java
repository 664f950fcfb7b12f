package dev.tocsin.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading helpers shared by the JSON adapters, so that every "not what we expected" ends in the same kind
 * of {@link UnreadableStatusPage} that names what was expected and what came, never a NullPointerException.
 */
final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SNIPPET = 80;

    private JsonBody() {
    }

    /** Parses the body as a JSON object; {@code expected} names the document, e.g. "Instatus summary.json". */
    static JsonNode object(byte[] body, String expected) throws UnreadableStatusPage {
        if (body == null || body.length == 0) {
            throw new UnreadableStatusPage("expected " + expected + " but the body was empty");
        }
        String start = snippet(body);
        if (start.startsWith("<")) {
            // Status pages answer unknown paths with their HTML page and a 200, so say so plainly.
            throw new UnreadableStatusPage("expected " + expected + " (JSON) but got HTML or XML: " + start);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableStatusPage("expected " + expected + " but the body is not valid JSON: " + start, e);
        } catch (IOException e) {
            throw new UnreadableStatusPage("expected " + expected + " but the body could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableStatusPage("expected " + expected + " (a JSON object) but got: " + start);
        }
        return root;
    }

    static JsonNode requiredObject(JsonNode parent, String field, String expected) throws UnreadableStatusPage {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw missing(expected, field, "object", node);
        }
        return node;
    }

    static String requiredText(JsonNode parent, String field, String expected) throws UnreadableStatusPage {
        JsonNode node = parent.path(field);
        if (!node.isTextual() && !node.isNumber()) {
            throw missing(expected, field, "string", node);
        }
        return node.asText();
    }

    /** An optional array: absent or null is empty, anything else that is not an array is an error. */
    static List<JsonNode> array(JsonNode parent, String field, String expected) throws UnreadableStatusPage {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw missing(expected, field, "array", node);
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    /** Optional text: absent, null or blank is null. */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isValueNode() || node.isNull() || node.asText().isBlank()) {
            return null;
        }
        return node.asText();
    }

    /** A platform's enum value in one spelling for switches: lower case, and "" when absent. */
    static String code(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    /** An optional timestamp; a malformed one is dropped rather than failing the whole page. */
    static Instant instant(JsonNode parent, String field) {
        String text = text(parent, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An optional link; a vendor's malformed URL should not cost us the incident. */
    static URI uri(String text) {
        if (text == null) {
            return null;
        }
        try {
            return URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UnreadableStatusPage missing(String expected, String field, String type, JsonNode got) {
        String what = got.isMissingNode() ? "nothing" : got.getNodeType().name().toLowerCase(Locale.ROOT) + " " + clip(got.toString());
        return new UnreadableStatusPage("expected " + expected + " with " + type + " \"" + field + "\" but found " + what);
    }

    private static String snippet(byte[] body) {
        return clip(new String(body, 0, Math.min(body.length, SNIPPET * 4), StandardCharsets.UTF_8).strip());
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "…";
    }
}
