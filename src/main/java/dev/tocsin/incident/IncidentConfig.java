package dev.tocsin.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Incident settings (docs/configuration.md). */
@ConfigMapping(prefix = "tocsin.incidents")
public interface IncidentConfig {

    /** A problem back within this long of its resolution reopens the same incident, alerting at most once per window. */
    @WithDefault("10m")
    Duration flapWindow();

    /** How long a signed acknowledge link in an email works. */
    @WithDefault("7d")
    Duration ackLinkValidity();
}
