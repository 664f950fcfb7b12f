package dev.tocsin.statuspage.poll;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The condition of a status page itself; unreachable and unreadable say nothing about the vendor's health. */
public enum PageState {
    PENDING, OK, UNREACHABLE, UNREADABLE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PageState fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
