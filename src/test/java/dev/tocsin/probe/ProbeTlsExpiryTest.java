package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.testing.TestCertificate;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real HTTPS server with a certificate that expires in three days, probed by the real prober: the
 * expiry is read from the connection and judged against the monitor's warning.
 */
@QuarkusTest
class ProbeTlsExpiryTest {

    @Inject
    Catalog catalog;

    @Inject
    CredentialCipher cipher;

    @Inject
    ProbeConfig config;

    private Path dir;
    private TestCertificate certificate;
    private HttpsServer server;
    private OutboundHttp http;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "tocsin-tls");
        certificate = TestCertificate.validFor(3, dir);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        http = new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", certificate.trust()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: it lies under target/ anyway
        }
    }

    private ProbeRun probe(int tlsExpiryDays) throws Exception {
        // Real time, as the certificate's validity is: other tests move the shared test clock by days.
        Prober prober = new Prober(http, catalog, cipher, config, Clock.systemUTC());
        ProbeSpec spec = new ProbeSpec(UUID.randomUUID(), UUID.randomUUID(), MonitorType.HTTP, null,
                URI.create("https://localhost:" + server.getAddress().getPort() + "/health"), "GET", Map.of(), null, 5000,
                List.of(), 3000, null, tlsExpiryDays, List.of(), null, 60);
        List<ProbeRun> runs = prober.run(new ClaimedTarget(UUID.randomUUID(), Instant.now(), false, List.of(spec)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return runs.get(0);
    }

    @Test
    void aCertificateExpiringInThreeDaysIsDegradedUnderTheDefaultFourteenDayWarning() throws Exception {
        ProbeRun run = probe(14);

        assertThat(run.httpStatus()).isEqualTo(200);
        assertThat(run.verdict().outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(run.verdict().causeCode()).isEqualTo("tls");
        assertThat(run.verdict().reason()).contains("expires in 2 days").doesNotContain("Exception");
        assertThat(run.tlsExpiresAt()).hasValueSatisfying(expiry -> assertThat(Duration.between(certificate.createdAt(), expiry)
                .toMinutes()).isCloseTo(Duration.ofDays(3).toMinutes(), within(2L)));
        assertThat(run.tlsMs()).as("a TLS handshake was timed").isGreaterThanOrEqualTo(0);
    }

    @Test
    void theSameCertificateIsUpWhenTheWarningIsShorterThanWhatIsLeft() throws Exception {
        ProbeRun run = probe(2);

        assertThat(run.verdict().outcome()).isEqualTo(Outcome.UP);
        assertThat(run.tlsExpiresAt()).hasValueSatisfying(expiry -> assertThat(expiry.truncatedTo(ChronoUnit.DAYS))
                .isAfterOrEqualTo(certificate.createdAt().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS)));
    }
}
