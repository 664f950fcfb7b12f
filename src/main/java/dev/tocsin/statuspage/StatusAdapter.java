package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;

/** Reads one status-page platform: where to fetch, and how to turn the body into a {@link StatusSnapshot}. */
public interface StatusAdapter {

    StatusPlatform platform();

    /** The URL to GET for a page; for feeds the page URL is the feed itself. */
    URI fetchUrl(URI pageUrl);

    StatusSnapshot parse(byte[] body) throws UnreadableStatusPage;
}
