package dev.tocsin.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the catalog file. Every rule fails with a message naming the file, the entry
 * and the field, because the file is edited by hand and a bad edit must stop the start, not a probe.
 */
final class CatalogLoader {

    static final int VERSION = 1;

    // Prices are read as exact decimals; a key written twice in one object is a mistake, not an override.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CatalogLoader() {
    }

    static List<Provider> fromClasspath(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CatalogLoader.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogException(resource + " is missing from the classpath");
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new CatalogException(resource + " could not be read: " + e.getMessage(), e);
        }
    }

    static List<Provider> read(InputStream in, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CatalogException(source + " is not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new CatalogException(source + " could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(source + ": the document must be an object with 'version' and 'providers'");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() != VERSION) {
            throw new CatalogException(source + ": field 'version' must be " + VERSION + " (the format this build reads), but is "
                    + (version == null ? "missing" : version.toString()));
        }
        JsonNode entries = root.get("providers");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new CatalogException(source + ": field 'providers' must be a non-empty array");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("version") && !field.equals("providers")) {
                throw new CatalogException(source + ": field '" + field + "' is not part of the catalog format");
            }
        });
        List<Provider> providers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            int number = i + 1;
            Provider provider = new EntryReader(source, number, entries.get(i)).read();
            Integer earlier = seen.putIfAbsent(provider.id(), number);
            if (earlier != null) {
                throw new CatalogException(source + ": provider '" + provider.id() + "' (entry " + number
                        + "): field 'id' repeats the id of entry " + earlier);
            }
            providers.add(provider);
        }
        return List.copyOf(providers);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
