package dev.tocsin.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The confirmed state of a monitor; {@code pending} until its first confirmed result. */
public enum MonitorStatus {
    PENDING, UP, DEGRADED, DOWN, PAUSED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
