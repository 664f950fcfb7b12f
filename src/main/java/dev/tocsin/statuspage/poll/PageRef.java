package dev.tocsin.statuspage.poll;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;

/** A page as Tocsin polls it: its normalized URL, the platform that reads it and the URL actually fetched. */
public record PageRef(URI url, StatusPlatform platform, URI fetchUrl) {
}
