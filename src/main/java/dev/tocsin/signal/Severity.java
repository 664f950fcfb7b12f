package dev.tocsin.signal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad a signal says things are; {@code ok} clears the condition the signal names. */
public enum Severity {
    OK, DEGRADED, DOWN;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
