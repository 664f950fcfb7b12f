package dev.tocsin.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound connections leave from the configured source address (tocsin.outbound.local-address). */
class OutboundLocalAddressTest {

    private final ConcurrentLinkedQueue<InetAddress> peers = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        // Listening on every address, so a client bound to any loopback address reaches it.
        server = HttpServer.create(new InetSocketAddress(0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                peers.add(exchange.getRemoteAddress().getAddress());
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void connectionsLeaveFromTheConfiguredAddress() throws Exception {
        InetAddress source = OutboundHttpProducer.localAddress(Optional.of("127.0.0.2"));
        try (OutboundHttp http = new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", null, source))) {
            OutboundResponse response = http.send(OutboundRequest.get(url(), Duration.ofSeconds(5))).toCompletableFuture().get();
            assertThat(response.failure()).isEmpty();
        }
        assertThat(peers).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.2");
    }

    @Test
    void withoutOneTheSystemChooses() throws Exception {
        try (OutboundHttp http = new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", null))) {
            http.send(OutboundRequest.get(url(), Duration.ofSeconds(5))).toCompletableFuture().get();
        }
        assertThat(peers).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(OutboundHttpProducer.localAddress(Optional.empty())).isNull();
    }

    @Test
    void aNameOrAnAddressOfAnotherMachineStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> OutboundHttpProducer.localAddress(Optional.of("egress.example.com")))
                .hasMessageContaining("tocsin.outbound.local-address").hasMessageContaining("not a name");
        // TEST-NET-1 (RFC 5737): never an address of this machine.
        assertThatThrownBy(() -> OutboundHttpProducer.localAddress(Optional.of("192.0.2.1")))
                .hasMessageContaining("tocsin.outbound.local-address").hasMessageContaining("not an address of this machine");
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
