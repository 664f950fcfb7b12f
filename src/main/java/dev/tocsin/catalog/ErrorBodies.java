package dev.tocsin.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the provider's own message and machine codes in an error body, whatever the body turns out to
 * be: the declared shape first, then the common fields of any JSON API, then HTML or plain text.
 */
final class ErrorBodies {

    /** What kind of body the message was found in; the reason is worded differently for each. */
    enum Kind { JSON, HTML, TEXT, EMPTY }

    /** The provider's message, its codes (most specific first) and a retry delay given in the body. */
    record Message(Kind kind, Optional<String> text, List<String> codes, Optional<Duration> retryDelay) {

        boolean hasCode(String code) {
            return codes.stream().anyMatch(c -> c.equalsIgnoreCase(code));
        }
    }

    // Proxies answer with whole pages; nothing past this is needed to find a title or a message.
    private static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern GOOGLE_DURATION = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?s");

    private ErrorBodies() {
    }

    static Message read(ErrorShape shape, String body) {
        if (body == null || body.isBlank()) {
            return new Message(Kind.EMPTY, Optional.empty(), List.of(), Optional.empty());
        }
        String text = (body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body).strip();
        if (text.startsWith("<")) {
            return new Message(Kind.HTML, ReasonText.htmlTitle(text), List.of(), Optional.empty());
        }
        JsonNode root = parse(text);
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0); // Gemini's streaming endpoints wrap the error in a one-element array
        }
        if (root == null || root.isValueNode()) {
            String plain = root != null && root.isTextual() ? root.asText() : text;
            return new Message(Kind.TEXT, Optional.of(plain), List.of(), Optional.empty());
        }
        JsonNode json = root;
        return byShape(shape, json).or(() -> generic(json))
                .orElseGet(() -> new Message(Kind.TEXT, Optional.of(json.toString()), List.of(), Optional.empty()));
    }

    private static Optional<Message> byShape(ErrorShape shape, JsonNode root) {
        return switch (shape == null ? ErrorShape.GENERIC : shape) {
            case MISTRAL -> root.has("message") || root.has("detail") ? flat(root) : Optional.empty();
            case OPENAI -> root.path("error").isObject() ? flat(root.get("error")) : Optional.empty();
            case ANTHROPIC -> "error".equals(root.path("type").asText()) && root.path("error").isObject()
                    ? flat(root.get("error")) : Optional.empty();
            case GEMINI -> root.path("error").isObject() ? gemini(root.get("error")) : Optional.empty();
            case GENERIC -> Optional.empty();
        };
    }

    /** Gemini: {@code {error:{code,message,status,details:[{reason},{retryDelay}]}}}. */
    private static Optional<Message> gemini(JsonNode error) {
        Optional<String> text = detail(error.get("message"));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = new ArrayList<>();
        addCode(codes, error.get("status"));
        Optional<Duration> delay = Optional.empty();
        for (JsonNode detail : error.path("details")) {
            addCode(codes, detail.get("reason"));
            if (delay.isEmpty()) {
                delay = googleDuration(detail.path("retryDelay").asText(""));
            }
        }
        return Optional.of(new Message(Kind.JSON, text, codes, delay));
    }

    /** Any JSON API: an {@code error} object or string, an {@code errors} list, or flat fields. */
    private static Optional<Message> generic(JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            Optional<Message> google = error.has("details") ? gemini(error) : Optional.empty();
            return google.or(() -> flat(error));
        }
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            return first.isObject() ? flat(first) : detail(first).map(text -> new Message(Kind.JSON, Optional.of(text), List.of(), Optional.empty()));
        }
        return flat(root);
    }

    /**
     * One object holding the message beside its codes: Mistral's body, OpenAI's and Anthropic's
     * {@code error} object, OAuth's {@code {error, error_description}}, FastAPI's {@code {detail}}.
     */
    private static Optional<Message> flat(JsonNode node) {
        Optional<String> text = Optional.empty();
        for (String field : List.of("message", "detail", "error_description", "error", "title", "description", "msg")) {
            text = detail(node.get(field));
            if (text.isPresent()) {
                break;
            }
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = new ArrayList<>();
        // OpenAI puts the specific code in "code" and the class in "type"; DeepSeek sends the class as "code".
        addCode(codes, node.get("code"));
        addCode(codes, node.get("type"));
        addCode(codes, node.get("status"));
        addCode(codes, node.get("error_code"));
        if (node.path("error").isTextual() && !text.get().equals(node.get("error").asText())) {
            addCode(codes, node.get("error"));
        }
        codes.removeIf(code -> code.equals("error"));
        // The most telling code goes first: a catch-all class or a bare number says least.
        codes.sort(Comparator.comparing(ErrorBodies::saysLittle));
        return Optional.of(new Message(Kind.JSON, text, codes, Optional.empty()));
    }

    /**
     * A message that may be a string, or FastAPI/Pydantic validation detail: a list of {@code {loc, msg}}
     * (its {@code input} echoes the request and is never read), possibly nested in {@code detail}.
     */
    private static Optional<String> detail(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? Optional.empty() : Optional.of(node.asText());
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isObject() && item.has("msg")) {
                    String loc = join(item.get("loc"));
                    parts.add(loc.isEmpty() ? item.get("msg").asText() : loc + ": " + item.get("msg").asText());
                } else {
                    detail(item).ifPresent(parts::add);
                }
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
        }
        if (node.isObject()) {
            for (String field : List.of("detail", "message", "msg")) {
                Optional<String> nested = detail(node.get(field));
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    private static String join(JsonNode loc) {
        if (loc == null || !loc.isArray()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        loc.forEach(part -> parts.add(part.asText()));
        return String.join(".", parts);
    }

    private static boolean saysLittle(String code) {
        return code.equals("invalid_request_error") || code.chars().allMatch(Character::isDigit);
    }

    private static void addCode(List<String> codes, JsonNode node) {
        // Numeric codes repeat the HTTP status (OpenRouter, Gemini) and say nothing new.
        if (node != null && node.isTextual() && !node.asText().isBlank() && !codes.contains(node.asText())) {
            codes.add(node.asText().strip());
        }
    }

    private static Optional<Duration> googleDuration(String text) {
        Matcher m = GOOGLE_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration seconds = Duration.ofSeconds(Long.parseLong(m.group(1)));
        if (m.group(2) == null) {
            return Optional.of(seconds);
        }
        String nanos = (m.group(2) + "000000000").substring(0, 9);
        return Optional.of(seconds.plusNanos(Long.parseLong(nanos)));
    }

    private static JsonNode parse(String text) {
        char first = text.charAt(0);
        if (first != '{' && first != '[' && first != '"') {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
