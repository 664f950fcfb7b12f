package dev.tocsin.platform.outbound;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HTTP request to make on a fresh connection. {@code body} may be null and is not copied;
 * {@code timeout} bounds everything from DNS to the last body byte; at most {@code maxBodyBytes} of the
 * (decoded) response body are kept.
 */
public record OutboundRequest(URI url, String method, Map<String, String> headers, byte[] body, Duration timeout,
        int maxBodyBytes) {

    /** Enough for any JSON a probe asserts on, small enough that thousands in flight fit in memory. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    // RFC 9110 token: header names and methods; anything else could split the request line or a header.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public OutboundRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be http or https: " + url);
        }
        if (url.getHost() == null) {
            // URI leaves the host null when it has characters such as '_' that a host name may not have.
            throw new IllegalArgumentException("url has no valid host: " + url);
        }
        if (!TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("method is not an HTTP token: " + method);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + maxBodyBytes);
        }
        headers.forEach((name, value) -> {
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("header name is not an HTTP token: " + name);
            }
            // The value is left out of the message on purpose: it may be an API key.
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("header " + name + " contains a line break or NUL");
            }
        });
        headers = Map.copyOf(headers);
    }

    /** A GET without extra headers, keeping {@link #DEFAULT_MAX_BODY_BYTES}. */
    public static OutboundRequest get(URI url, Duration timeout) {
        return new OutboundRequest(url, "GET", Map.of(), null, timeout, DEFAULT_MAX_BODY_BYTES);
    }

    boolean https() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    int port() {
        return url.getPort() != -1 ? url.getPort() : https() ? 443 : 80;
    }

    /** The host without the brackets URI keeps around IPv6 literals. */
    String host() {
        String host = url.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The Host header: the port appears only when it is not the scheme's default. */
    String hostHeader() {
        return url.getPort() == -1 || url.getPort() == (https() ? 443 : 80) ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    /** Path and query as sent on the request line, still percent-encoded. */
    String target() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
