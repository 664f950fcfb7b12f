package dev.tocsin.statuspage.poll;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;
import java.time.Instant;

/**
 * The status page a monitor watches and the page's own condition, for the account to see why it hears
 * nothing from a vendor: {@code unreachable} or {@code unreadable} with {@code lastError}.
 */
public record PageView(URI url, StatusPlatform platform, URI fetchUrl, PageState state, String lastError,
        int consecutiveFailures, Instant lastFetchedAt, Instant lastOkAt) {
}
