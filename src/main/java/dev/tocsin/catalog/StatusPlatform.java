package dev.tocsin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The software behind a provider's status page; each one needs its own adapter. */
public enum StatusPlatform {
    STATUSPAGE_V2, INCIDENT_IO, INSTATUS, BETTERSTACK, ROOTLY, RSS;

    /** The code used in the catalog file and the API: {@code statuspage-v2}, {@code incident-io}, … */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<StatusPlatform> fromCode(String code) {
        for (StatusPlatform platform : values()) {
            if (platform.code().equals(code)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }
}
