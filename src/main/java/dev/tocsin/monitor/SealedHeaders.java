package dev.tocsin.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.security.Masks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A monitor's request headers at rest. Any of them may carry a secret (an API key in a custom header),
 * so all values are encrypted like the credential, and the readable {@code headers} column keeps only
 * the names with masked values. The associated data names the column as well as the row, so a sealed
 * credential can never be opened as headers or the other way round.
 */
public final class SealedHeaders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private SealedHeaders() {
    }

    /** The ciphertext of the headers, or null for none. */
    public static byte[] seal(CredentialCipher cipher, UUID monitorId, Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        try {
            return cipher.encrypt(JSON.writeValueAsString(headers), associatedData(monitorId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /**
     * The headers in clear: from the ciphertext, or, for a row written before headers were sealed and
     * not yet swept, the readable column itself.
     */
    public static Map<String, String> open(CredentialCipher cipher, UUID monitorId, byte[] sealed, Map<String, String> readable) {
        if (sealed == null) {
            return readable == null ? Map.of() : readable;
        }
        try {
            return JSON.readValue(cipher.decrypt(sealed, associatedData(monitorId)), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sealed headers are not a JSON object");
        }
    }

    /** Names with masked values, for the readable column, the API and the pages. */
    public static Map<String, String> masked(Map<String, String> headers) {
        Map<String, String> masked = new LinkedHashMap<>();
        headers.forEach((name, value) -> masked.put(name, Masks.tail(value)));
        return masked;
    }

    /** What a monitor's headers look like to people: masked, whether or not the row has been sealed yet. */
    public static Map<String, String> shown(Monitor monitor) {
        return monitor.sealedHeaders == null ? masked(monitor.headers) : monitor.headers;
    }

    private static String associatedData(UUID monitorId) {
        return monitorId + "/headers";
    }
}
