package dev.tocsin.platform.security;

import java.net.URI;

/**
 * How a stored secret is shown to people who may know it exists but not what it is: enough of its end
 * to tell two apart, never enough to use. Short values show nothing at all.
 */
public final class Masks {

    private static final int SHOWN = 4;
    private static final int SHORTEST_WITH_TAIL = 12;

    private Masks() {
    }

    /** {@code …XXXX}: the last four characters of a long value; {@code …} alone for a short one. */
    public static String tail(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.length() < SHORTEST_WITH_TAIL ? "…" : "…" + secret.substring(secret.length() - SHOWN);
    }

    /** {@code https://hooks.slack.com/…/XXXX}: the scheme and host stay, the path and query shrink to their last four characters. */
    public static String url(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + tail(url);
            }
        } catch (IllegalArgumentException e) {
            // not a URL: masked like any other value below
        }
        return tail(url);
    }
}
