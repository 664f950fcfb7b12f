package dev.tocsin.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an API key may do: {@code read} keys are refused on every endpoint that changes state. */
public enum KeyScope {
    READ, WRITE;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
