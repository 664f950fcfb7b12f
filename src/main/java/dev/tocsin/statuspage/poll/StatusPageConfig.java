package dev.tocsin.statuspage.poll;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The status-page poller's settings (docs/configuration.md lists each with its default). */
@ConfigMapping(prefix = "tocsin.status-pages")
public interface StatusPageConfig {

    /** Vendors ask for no more; polling faster would also multiply by every page Tocsin knows. */
    Duration MIN_POLL_INTERVAL = Duration.ofSeconds(30);

    /** Whether this node polls status pages. Any number of nodes may; each poll of a page runs on one. */
    @WithDefault("true")
    boolean enabled();

    /** How often each distinct page is fetched, for all accounts together; at least 30 s. */
    @WithDefault("60s")
    Duration pollInterval();

    /** Limit on one fetch, from DNS to the last byte (also for each detection attempt). */
    @WithDefault("10s")
    Duration timeout();

    /** Most bytes of a page read; a longer body is the page's own "unreadable" condition. */
    @Min(1024)
    @Max(64 * 1024 * 1024)
    @WithDefault("2097152")
    int maxBodyBytes();

    /** Stops the start with a message naming the property, rather than hammering vendors' pages. */
    static void check(Duration pollInterval, Duration timeout) {
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalStateException("tocsin.status-pages.poll-interval must be at least 30s, not " + pollInterval);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(pollInterval) > 0) {
            throw new IllegalStateException("tocsin.status-pages.timeout must be positive and at most the poll interval, not "
                    + timeout);
        }
    }
}
