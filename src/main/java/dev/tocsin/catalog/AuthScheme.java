package dev.tocsin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a probe presents the customer's key: as {@code Authorization: Bearer <key>} or as the key alone
 * in a named header such as {@code x-api-key}, plus fixed headers the API insists on
 * ({@code anthropic-version}).
 */
public record AuthScheme(Kind scheme, String header, Map<String, String> extraHeaders) {

    public static final String AUTHORIZATION = "Authorization";

    public AuthScheme {
        extraHeaders = extraHeaders == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
    }

    /** The headers of one probe request, in a stable order. The result holds the key: never log it. */
    public Map<String, String> headers(String credential) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(header, scheme == Kind.BEARER ? "Bearer " + credential : credential);
        headers.putAll(extraHeaders);
        return headers;
    }

    public enum Kind {
        BEARER, HEADER;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code().equals(code)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }
}
