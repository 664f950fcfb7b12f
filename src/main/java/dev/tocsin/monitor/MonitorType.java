package dev.tocsin.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a monitor watches: any URL, a catalog provider (probe plus status page), or a status page. */
public enum MonitorType {
    HTTP, PROVIDER, STATUSPAGE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
