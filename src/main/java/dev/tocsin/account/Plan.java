package dev.tocsin.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** The commercial plan of an account; its limits live in configuration. */
public enum Plan {
    TRIAL, PRO;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
