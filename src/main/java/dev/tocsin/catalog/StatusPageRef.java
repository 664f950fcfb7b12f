package dev.tocsin.catalog;

import java.net.URI;

/**
 * Where a provider publishes its status and on which platform. For {@code rss} the URL is the feed
 * itself; for the other platforms it is the page's base URL, to which each adapter adds its own path.
 */
public record StatusPageRef(URI url, StatusPlatform platform) {
}
