package dev.tocsin.platform.outbound;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one outbound request produced: the response as far as it got, how long each phase took, and the
 * failure when there is one. {@code status} is 0 when no response head arrived; header names are lower
 * case; {@code body} is decoded from gzip/deflate and holds at most the request's {@code maxBodyBytes}.
 */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated,
        Timings timings, Optional<Instant> certificateNotAfter, Optional<OutboundFailure> failure) {

    /**
     * Milliseconds per phase, -1 for a phase that did not happen (no DNS for an IP literal, no TLS for
     * http, nothing after the phase that failed). {@code firstByteMs} runs from the request being written
     * to the response head arriving.
     */
    public record Timings(long dnsMs, long connectMs, long tlsMs, long firstByteMs, long totalMs) {
    }

    public OutboundResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers)); // keeps the server's order
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as UTF-8; malformed bytes become U+FFFD rather than failing. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
