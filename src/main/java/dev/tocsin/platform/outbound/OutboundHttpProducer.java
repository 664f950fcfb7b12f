package dev.tocsin.platform.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the one {@link OutboundHttp} of the application and stops its event loops at shutdown. */
@ApplicationScoped
class OutboundHttpProducer {

    @Produces
    @Singleton
    OutboundHttp outboundHttp(OutboundConfig config) {
        // Production always trusts the JDK's default CAs; a custom trust store is for tests only.
        return new OutboundHttp(new OutboundHttp.Options(
                config.allowPrivateAddresses(), config.eventLoopThreads(), config.userAgent(), null));
    }

    void close(@Disposes OutboundHttp http) {
        http.close();
    }
}
