package dev.tocsin.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What one probe run found for one monitor, before confirmation. */
public enum Outcome {
    UP, DEGRADED, DOWN;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
