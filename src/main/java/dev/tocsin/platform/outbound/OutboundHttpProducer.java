package dev.tocsin.platform.outbound;

import io.netty.util.NetUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** Makes the one {@link OutboundHttp} of the application and stops its event loops at shutdown. */
@ApplicationScoped
class OutboundHttpProducer {

    @Produces
    @Singleton
    OutboundHttp outboundHttp(OutboundConfig config) {
        // Production always trusts the JDK's default CAs; a custom trust store is for tests only.
        return new OutboundHttp(new OutboundHttp.Options(
                config.allowPrivateAddresses(), config.eventLoopThreads(), config.userAgent(), null, localAddress(config.localAddress())));
    }

    /**
     * The configured source address, checked at start: a name or an address this machine cannot bind would
     * otherwise turn every probe into a connect failure.
     */
    static InetAddress localAddress(Optional<String> configured) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return null;
        }
        String value = configured.get().strip();
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(value);
        if (address == null) {
            throw new IllegalStateException("tocsin.outbound.local-address must be an IP address, not a name: " + value);
        }
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new IllegalStateException("tocsin.outbound.local-address " + value + " is not an address of this machine ("
                    + e.getMessage() + ")");
        }
        return address;
    }

    void close(@Disposes OutboundHttp http) {
        http.close();
    }
}
