package dev.tocsin.platform.outbound;

import static dev.tocsin.platform.outbound.TestServers.respond;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tocsin.platform.outbound.OutboundFailure.Kind;
import dev.tocsin.platform.outbound.TestServers.Received;
import dev.tocsin.testing.TestCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundHttpTlsTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static Instant certificateCreated;

    private final TestServers servers = new TestServers();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    /** A self-signed certificate for localhost and 127.0.0.1, valid for three days. */
    @BeforeAll
    static void generateCertificate() throws Exception {
        certificate = TestCertificate.validFor(3, dir);
        certificateCreated = certificate.createdAt();
    }

    @AfterEach
    void stopServers() throws IOException {
        servers.close();
    }

    @Test
    void selfSignedCertificateIsNotTrustedByDefault() throws Exception {
        HttpsServer server = httpsServer();

        OutboundResponse response = send(defaultTrust(), "https://localhost:" + server.getAddress().getPort() + "/");

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.TLS);
        assertThat(response.failure().get().message()).startsWith("certificate not trusted: ");
        assertThat(response.timings().connectMs()).isNotNegative();
        assertThat(response.timings().tlsMs()).isEqualTo(-1);
        assertThat(received).isEmpty();
    }

    @Test
    void trustedCertificateGivesTheResponseAndTheCertificateExpiry() throws Exception {
        HttpsServer server = httpsServer();

        OutboundResponse response = send(trustingTheServer(), "https://localhost:" + server.getAddress().getPort() + "/secure");

        assertThat(response.failure()).isEmpty();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("secret stuff");
        Instant expected = certificateCreated.plus(Duration.ofDays(3));
        assertThat(response.certificateNotAfter()).get()
                .satisfies(notAfter -> assertThat(notAfter).isBetween(expected.minus(Duration.ofHours(1)), expected.plus(Duration.ofHours(1))));
        OutboundResponse.Timings t = response.timings();
        assertThat(t.dnsMs()).isBetween(0L, t.totalMs()); // localhost through the hosts file
        assertThat(t.connectMs()).isBetween(0L, t.totalMs());
        assertThat(t.tlsMs()).isBetween(0L, t.totalMs());
        assertThat(t.firstByteMs()).isBetween(0L, t.totalMs());
        assertThat(t.dnsMs() + t.connectMs() + t.tlsMs() + t.firstByteMs()).isLessThanOrEqualTo(t.totalMs());
        assertThat(received).extracting(r -> r.headers().getFirst("Host"))
                .containsExactly("localhost:" + server.getAddress().getPort());
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        HttpsServer server = httpsServer();

        // 127.0.0.2 is loopback too, but the certificate names only localhost and 127.0.0.1.
        OutboundResponse response = send(trustingTheServer(), "https://127.0.0.2:" + server.getAddress().getPort() + "/");

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.TLS);
        assertThat(response.failure().get().message()).startsWith("certificate does not match host 127.0.0.2");
        assertThat(received).isEmpty();
    }

    private HttpsServer httpsServer() throws Exception {
        // All interfaces, so that the wrong-host test can reach it as 127.0.0.2.
        HttpsServer server = HttpsServer.create(new InetSocketAddress(0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        return servers.start(server, received, exchange -> respond(exchange, 200, "secret stuff"));
    }

    private static OutboundHttp defaultTrust() {
        return new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", null));
    }

    private static OutboundHttp trustingTheServer() throws Exception {
        return new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", certificate.trust()));
    }

    private static OutboundResponse send(OutboundHttp client, String url) throws Exception {
        try (client) {
            return client.send(OutboundRequest.get(URI.create(url), FIVE_SECONDS)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
