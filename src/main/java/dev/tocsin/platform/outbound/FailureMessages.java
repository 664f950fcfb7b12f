package dev.tocsin.platform.outbound;

import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Turns the exceptions of DNS, TCP and TLS into sentences an on-call engineer can act on. Only exception
 * messages are used, never request data, so no header value can leak into a failure.
 */
final class FailureMessages {

    private FailureMessages() {
    }

    static String dns(String host, Throwable cause) {
        if (has(cause, DnsNameResolverTimeoutException.class)) {
            return "no address for " + host + ": the DNS server did not answer";
        }
        return "no address for " + host;
    }

    /** The running phase, as the end of "timed out after 500 ms ..." or "connection lost ...". */
    static String during(Exchange.Phase phase, String host, InetSocketAddress target) {
        return switch (phase) {
            case DNS -> "in DNS resolving " + host;
            case CONNECT -> "connecting to " + target(host, target);
            case TLS -> "in the TLS handshake with " + host;
            case HEAD -> "waiting for the response head";
            case BODY -> "reading the body";
        };
    }

    /** The name and the vetted address, so the engineer sees which of several records failed. */
    static String target(String host, InetSocketAddress target) {
        String address = target.getAddress().getHostAddress() + ":" + target.getPort();
        return host.equals(target.getAddress().getHostAddress()) ? address : host + " (" + address + ")";
    }

    static String connect(String host, InetSocketAddress address, Throwable cause) {
        String target = target(host, address);
        if (has(cause, NoRouteToHostException.class)) {
            return "could not connect to " + target + ": no route to host";
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof ConnectException && message.startsWith("Connection refused")) {
            return "could not connect to " + target + ": connection refused";
        }
        return "could not connect to " + target + ": " + message;
    }

    /** The most specific reason a handshake failed; the JDK wraps it several layers deep. */
    static String tls(String host, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "certificate expired: " + t.getMessage();
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid: " + t.getMessage();
            }
        }
        Throwable root = root(cause);
        String rootMessage = String.valueOf(root.getMessage());
        String lower = rootMessage.toLowerCase(Locale.ROOT);
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "certificate does not match host " + host + ": " + rootMessage;
        }
        if (has(cause, CertPathBuilderException.class) || has(cause, CertPathValidatorException.class)
                || lower.contains("certification path")) {
            return "certificate not trusted: " + rootMessage;
        }
        return "TLS handshake failed: " + rootMessage;
    }

    static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
