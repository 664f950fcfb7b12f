package dev.tocsin.platform.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether Tocsin may connect to an address on a customer's behalf. Probes and webhooks take
 * URLs from customers; without this check a URL could reach the cloud metadata service, the database
 * or anything else on the private network. The check runs on resolved addresses, and callers must
 * connect to the address it returned (not resolve the name again), so that DNS rebinding cannot
 * swap a public answer for a private one between the check and the connection.
 */
public final class AddressGuard {

    private final boolean allowPrivate;
    private final Resolver resolver;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public AddressGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    AddressGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Thrown when a host resolves to an address Tocsin must not reach; the message says why. */
    public static class RefusedAddressException extends Exception {
        RefusedAddressException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The addresses of {@code host} Tocsin may connect to. A host with any forbidden address is
     * refused as a whole: an attacker controls which of several records a client tries.
     */
    public List<InetAddress> vet(String host) throws UnknownHostException, RefusedAddressException {
        return check(host, Arrays.asList(resolver.resolve(host)));
    }

    /**
     * The same rule for addresses the caller resolved itself (asynchronously, or an IP literal), returned
     * unchanged when every one of them is allowed.
     */
    public List<InetAddress> check(String host, List<InetAddress> resolved) throws RefusedAddressException {
        if (!allowPrivate) {
            for (InetAddress address : resolved) {
                String why = forbidden(address);
                if (why != null) {
                    // Only IP literals contain ':' or equal their address. For a name, neither the address nor its
                    // kind is told: the caller would learn what internal names resolve to (a map of our DNS).
                    boolean literal = host.indexOf(':') >= 0 || host.equals(address.getHostAddress());
                    String what = literal ? host + " is " + why + " address" : host + " does not resolve to a public address";
                    throw new RefusedAddressException(
                            what + "; Tocsin only calls public addresses (tocsin.outbound.allow-private-addresses)");
                }
            }
        }
        return resolved;
    }

    /** Why an address is off limits, or null when it is public. */
    static String forbidden(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local (cloud metadata)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a this-network";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a carrier-grade NAT";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking";
            }
            if (first >= 240) {
                return "a reserved";
            }
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local";
            }
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    return forbidden(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return "an invalid";
                }
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && b[4] == 0 && b[5] == 1) {
                return "a local-use NAT64"; // 64:ff9b:1::/48 (RFC 8215): translated by the operator's own gateway
            }
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address carries, for the forms a gateway or the kernel turns back into
     * IPv4 traffic: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}), NAT64
     * ({@code 64:ff9b::/96}), 6to4 ({@code 2002:AABB:CCDD::/16}) and Teredo ({@code 2001:0::/32}, the
     * client address inverted). Without this, {@code 64:ff9b::a9fe:a9fe} reaches the metadata service.
     */
    static byte[] embeddedIpv4(byte[] b) {
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (zero(b, 0, 12)) {
            return Arrays.copyOfRange(b, 12, 16); // :: and ::1 are refused before this as unspecified and loopback
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
