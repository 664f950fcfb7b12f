package dev.tocsin.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads one provider entry of the catalog file, naming the entry and the dotted field path in every failure. */
final class EntryReader {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    // RFC 9110 token characters: what a header name may contain.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    private static final Set<String> ENTRY_FIELDS = Set.of("id", "name", "docsUrl", "probe", "statusPage", "errorShape",
            "rateLimitHeaders", "prices", "notes");
    private static final Set<String> PROBE_FIELDS = Set.of("url", "method", "auth", "modelsJsonPointer", "modelIdField",
            "defaultModels");
    private static final Set<String> AUTH_FIELDS = Set.of("scheme", "header", "extraHeaders");
    private static final Set<String> STATUS_FIELDS = Set.of("url", "platform");
    private static final Set<String> PRICE_FIELDS = Set.of("model", "inputPerMillionUsd", "outputPerMillionUsd");

    private final JsonNode entry;
    private String label;

    EntryReader(String source, int number, JsonNode entry) {
        this.entry = entry;
        this.label = source + ": entry " + number;
        JsonNode id = entry == null ? null : entry.get("id");
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
            this.label = source + ": provider '" + id.asText() + "' (entry " + number + ")";
        }
    }

    Provider read() {
        if (entry == null || !entry.isObject()) {
            throw fail(null, "must be an object");
        }
        knownFields(entry, null, ENTRY_FIELDS);
        String id = text(entry, "id");
        if (!ID.matcher(id).matches()) {
            throw fail("id", "must be lower-case letters, digits and single hyphens, but is '" + id + "'");
        }
        return new Provider(id, text(entry, "name"), https(entry, "docsUrl"), probe(object(entry, "probe", PROBE_FIELDS)),
                statusPage(object(entry, "statusPage", STATUS_FIELDS)),
                code(entry, "errorShape", ErrorShape::fromCode, ErrorShape.values(), ErrorShape::code),
                headerNames(entry, "rateLimitHeaders"), prices(entry), optionalText(entry, "notes"));
    }

    private ProbeTemplate probe(JsonNode probe) {
        String method = text(probe, "probe.method");
        if (!METHODS.contains(method)) {
            throw fail("probe.method", "must be one of " + String.join(", ", new TreeSet<>(METHODS)) + ", but is '" + method + "'");
        }
        String pointer = string(probe, "probe.modelsJsonPointer");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw fail("probe.modelsJsonPointer", "must be a JSON pointer starting with '/' (or empty for the whole document), but is '" + pointer + "'");
        }
        List<String> models = strings(probe, "probe.defaultModels");
        if (models.isEmpty()) {
            throw fail("probe.defaultModels", "must name at least one model worth watching");
        }
        return new ProbeTemplate(https(probe, "probe.url"), method, auth(object(probe, "probe.auth", AUTH_FIELDS)), pointer,
                text(probe, "probe.modelIdField"), models);
    }

    private AuthScheme auth(JsonNode auth) {
        AuthScheme.Kind kind = code(auth, "probe.auth.scheme", AuthScheme.Kind::fromCode, AuthScheme.Kind.values(), AuthScheme.Kind::code);
        Optional<String> named = optionalText(auth, "probe.auth.header");
        String header;
        if (kind == AuthScheme.Kind.BEARER) {
            if (named.isPresent() && !named.get().equalsIgnoreCase(AuthScheme.AUTHORIZATION)) {
                throw fail("probe.auth.header", "must be absent or Authorization for the bearer scheme, but is '" + named.get() + "'");
            }
            header = AuthScheme.AUTHORIZATION;
        } else {
            header = named.orElseThrow(() -> fail("probe.auth.header", "is required for the header scheme"));
        }
        headerName("probe.auth.header", header);
        Map<String, String> extra = new LinkedHashMap<>();
        JsonNode extras = auth.get("extraHeaders");
        if (extras != null && !extras.isNull()) {
            if (!extras.isObject()) {
                throw fail("probe.auth.extraHeaders", "must be an object of header names to values");
            }
            for (Map.Entry<String, JsonNode> field : iterable(extras)) {
                String path = "probe.auth.extraHeaders." + field.getKey();
                headerName(path, field.getKey());
                if (field.getKey().equalsIgnoreCase(header)) {
                    throw fail(path, "repeats the header that carries the key");
                }
                String value = field.getValue().isTextual() ? field.getValue().asText() : "";
                if (value.isBlank() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw fail(path, "must be a non-empty single-line string");
                }
                extra.put(field.getKey(), value);
            }
        }
        return new AuthScheme(kind, header, extra);
    }

    private StatusPageRef statusPage(JsonNode page) {
        return new StatusPageRef(https(page, "statusPage.url"),
                code(page, "statusPage.platform", StatusPlatform::fromCode, StatusPlatform.values(), StatusPlatform::code));
    }

    private List<ModelPrice> prices(JsonNode parent) {
        JsonNode array = array(parent, "prices");
        if (array.isEmpty()) {
            throw fail("prices", "must list the price of at least one main model");
        }
        List<ModelPrice> prices = new ArrayList<>();
        Set<String> models = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "prices[" + i + "]";
            JsonNode price = array.get(i);
            if (!price.isObject()) {
                throw fail(path, "must be an object with model, inputPerMillionUsd and outputPerMillionUsd");
            }
            knownFields(price, path, PRICE_FIELDS);
            String model = text(price, path + ".model");
            if (!models.add(model)) {
                throw fail(path + ".model", "repeats the price of '" + model + "'");
            }
            prices.add(new ModelPrice(model, amount(price, path + ".inputPerMillionUsd"), amount(price, path + ".outputPerMillionUsd")));
        }
        return prices;
    }

    private BigDecimal amount(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isNumber()) {
            throw fail(path, "must be a number of US dollars, but is " + node);
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw fail(path, "must not be negative, but is " + value.toPlainString());
        }
        return value;
    }

    private List<String> headerNames(JsonNode parent, String path) {
        List<String> names = strings(parent, path);
        for (int i = 0; i < names.size(); i++) {
            headerName(path + "[" + i + "]", names.get(i));
        }
        // Header names are case-insensitive; one spelling keeps lookups simple.
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private void headerName(String path, String name) {
        if (!HEADER_NAME.matcher(name).matches()) {
            throw fail(path, "must be a valid HTTP header name, but is '" + name + "'");
        }
    }

    private List<String> strings(JsonNode parent, String path) {
        JsonNode array = array(parent, path);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw fail(path + "[" + i + "]", "must be a non-empty string");
            }
            values.add(item.asText().strip());
        }
        return values;
    }

    private JsonNode array(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isArray()) {
            throw fail(path, "must be an array");
        }
        return node;
    }

    private JsonNode object(JsonNode parent, String path, Set<String> allowed) {
        JsonNode node = required(parent, path);
        if (!node.isObject()) {
            throw fail(path, "must be an object");
        }
        knownFields(node, path, allowed);
        return node;
    }

    private <E> E code(JsonNode parent, String path, Function<String, Optional<E>> parse, E[] values, Function<E, String> code) {
        String text = text(parent, path);
        return parse.apply(text).orElseThrow(() -> fail(path, "must be one of "
                + Stream.of(values).map(code).collect(Collectors.joining(", ")) + ", but is '" + text + "'"));
    }

    private URI https(JsonNode parent, String path) {
        String text = text(parent, path);
        try {
            URI uri = new URI(text);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the same message as any other non-https value
        }
        throw fail(path, "must be an https URL with a host and no credentials, but is '" + text + "'");
    }

    private String text(JsonNode parent, String path) {
        String value = string(parent, path);
        if (value.isBlank()) {
            throw fail(path, "must not be empty");
        }
        return value.strip();
    }

    private String string(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isTextual()) {
            throw fail(path, "must be a string, but is " + node);
        }
        return node.asText();
    }

    private Optional<String> optionalText(JsonNode parent, String path) {
        JsonNode node = parent.get(name(path));
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(parent, path));
    }

    private JsonNode required(JsonNode parent, String path) {
        JsonNode node = parent.get(name(path));
        if (node == null || node.isNull()) {
            throw fail(path, "is required");
        }
        return node;
    }

    private void knownFields(JsonNode node, String path, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> field : iterable(node)) {
            if (!allowed.contains(field.getKey())) {
                String where = path == null ? field.getKey() : path + "." + field.getKey();
                throw fail(where, "is not part of the catalog format (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private CatalogException fail(String path, String problem) {
        return new CatalogException(label + (path == null ? " " : ": field '" + path + "' ") + problem);
    }
}
