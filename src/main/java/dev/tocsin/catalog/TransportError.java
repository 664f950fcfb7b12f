package dev.tocsin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A failure before any HTTP status arrived; each maps to the {@link Cause} of the same name. */
public enum TransportError {
    TIMEOUT, DNS, CONNECT, TLS;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Cause cause() {
        return Cause.valueOf(name());
    }
}
