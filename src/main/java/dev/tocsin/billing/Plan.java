package dev.tocsin.billing;

import com.fasterxml.jackson.annotation.JsonValue;

/** The commercial plan of an account; its limits live in configuration. */
public enum Plan {
    TRIAL, PRO;

    static Plan ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
