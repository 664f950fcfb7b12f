package dev.tocsin.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;

/** Alert delivery settings (docs/configuration.md). */
@ConfigMapping(prefix = "tocsin.notify")
public interface NotifyConfig {

    /** Whether this node drains the outbox. Any number of nodes may; each attempt is made by one. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often an idle drainer looks for due deliveries without being woken: retries coming due, and
     * rows whose wake-up was lost (tocsin.wakeups). A committed row wakes the drainers at once.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries claimed per claim transaction at most. */
    @Min(1)
    @Max(1000)
    @WithDefault("100")
    int batchSize();

    /**
     * How long a claimed delivery is reserved; if its node dies, the delivery is due again after it. Long
     * enough for a slow SMTP server behind a queue of mails, short enough that a dead node's alerts are late by minutes.
     */
    @WithDefault("5m")
    Duration lease();

    /** Timeout of one webhook, Slack, Discord or PagerDuty call. */
    @WithDefault("10s")
    Duration httpTimeout();

    /** Attempts before a delivery is given up (the retries are spread over about a day). */
    @Min(1)
    @Max(20)
    @WithDefault("11")
    int maxAttempts();

    /** The PagerDuty Events API v2 endpoint. */
    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    URI pagerdutyUrl();
}
