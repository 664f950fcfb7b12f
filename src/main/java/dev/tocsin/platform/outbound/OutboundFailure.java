package dev.tocsin.platform.outbound;

import java.util.Objects;

/**
 * Why an outbound request produced no usable response. The message is plain English for an on-call
 * engineer and never contains header values, which may hold customers' API keys.
 */
public record OutboundFailure(Kind kind, String message) {

    public enum Kind {
        /** The host name has no address, or the DNS server did not answer. */
        DNS,
        /** No TCP connection could be opened (refused, unreachable, reset during connect). */
        CONNECT,
        /** The TLS handshake failed: untrusted, expired or wrong-host certificate, or no common protocol. */
        TLS,
        /** The request deadline passed; the message names the phase that was running. */
        TIMEOUT,
        /** The address guard refused the target; no connection was attempted. */
        REFUSED,
        /** The server answered with something that is not valid HTTP/1.1, or hung up mid-response. */
        PROTOCOL
    }

    public OutboundFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
