package dev.tocsin.platform.outbound;

import static dev.tocsin.platform.outbound.TestServers.respond;
import static dev.tocsin.platform.outbound.TestServers.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tocsin.platform.outbound.OutboundFailure.Kind;
import dev.tocsin.platform.outbound.TestServers.Received;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OutboundHttpTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static OutboundHttp http;

    private final TestServers servers = new TestServers();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startClient() {
        http = new OutboundHttp(new OutboundHttp.Options(true, 2, "Tocsin-Test/1", null));
    }

    @AfterAll
    static void stopClient() {
        http.close();
    }

    @AfterEach
    void stopServers() throws IOException {
        servers.close();
    }

    @Test
    void returnsStatusHeadersAndBodyAndSendsTheStandardHeaders() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Multi", "a");
            exchange.getResponseHeaders().add("X-Multi", "b");
            respond(exchange, 201, "{\"ok\":true}");
        });

        OutboundResponse response = send(OutboundRequest.get(url(server, "/things?q=a%20b"), FIVE_SECONDS));

        assertThat(response.failure()).isEmpty();
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("CONTENT-TYPE")).contains("application/json");
        assertThat(response.headers().get("x-multi")).containsExactly("a", "b");
        assertThat(response.bodyText()).isEqualTo("{\"ok\":true}");
        assertThat(response.bodyTruncated()).isFalse();
        assertThat(response.certificateNotAfter()).isEmpty();
        Received request = received.remove();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri()).isEqualTo("/things?q=a%20b");
        assertThat(request.headers().getFirst("Host")).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        assertThat(request.headers().getFirst("User-Agent")).isEqualTo("Tocsin-Test/1");
        assertThat(request.headers().getFirst("Connection")).isEqualTo("close");
        assertThat(request.headers().getFirst("Accept-Encoding")).contains("gzip");
        assertThat(request.headers().containsKey("Content-Length")).isFalse();
    }

    @Test
    void postBodyArrivesIntactWithTheCallersHeaders() throws Exception {
        HttpServer server = servers.http(received, exchange -> respond(exchange, 200, "thanks"));
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        Map<String, String> headers = Map.of("Content-Type", "application/octet-stream", "X-Api-Key", "k-123",
                "User-Agent", "custom-agent");

        OutboundResponse response = send(new OutboundRequest(url(server, "/hook"), "POST", headers, body, FIVE_SECONDS, 1000));

        assertThat(response.status()).isEqualTo(200);
        Received request = received.remove();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.headers().getFirst("Content-Length")).isEqualTo("256");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo("k-123");
        assertThat(request.headers().getFirst("User-Agent")).isEqualTo("custom-agent");
    }

    @Test
    void gzipBodyIsDecoded() throws Exception {
        String text = "status: all systems operational\n".repeat(200);
        HttpServer server = servers.http(received, exchange -> {
            byte[] gzipped = gzip(text);
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, gzipped.length);
            exchange.getResponseBody().write(gzipped);
        });

        OutboundResponse response = send(OutboundRequest.get(url(server, "/"), FIVE_SECONDS));

        assertThat(response.failure()).isEmpty();
        assertThat(response.bodyText()).isEqualTo(text);
        assertThat(response.bodyTruncated()).isFalse();
    }

    @Test
    void aBodyInManySmallChunksArrivesWhole() throws Exception {
        // Chunks of 1 to 97 bytes: the body buffer grows from the first chunk's size many times over.
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        HttpServer server = servers.http(received, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 400; i++) {
                    byte[] chunk = new byte[1 + i % 97];
                    Arrays.fill(chunk, (byte) ('a' + i % 26));
                    out.write(chunk);
                    out.flush();
                    synchronized (sent) {
                        sent.write(chunk);
                    }
                }
            }
        });

        OutboundResponse response = send(OutboundRequest.get(url(server, "/chunks"), FIVE_SECONDS));

        assertThat(response.failure()).isEmpty();
        assertThat(response.bodyTruncated()).isFalse();
        synchronized (sent) {
            assertThat(response.body()).hasSize(sent.size()).isEqualTo(sent.toByteArray());
        }
    }

    @Test
    void largeBodyIsCutAtTheCapAndTheConnectionClosedEarly() throws Exception {
        byte[] pattern = new byte[64 * 1024];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31);
        }
        CompletableFuture<String> serverOutcome = new CompletableFuture<>();
        HttpServer server = servers.http(received, exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, 20 MB in total
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 320; i++) {
                    out.write(pattern);
                }
                serverOutcome.complete("sent everything");
            } catch (IOException e) {
                serverOutcome.complete("client hung up");
            }
        });

        OutboundResponse response = send(new OutboundRequest(url(server, "/big"), "GET", Map.of(), null, FIVE_SECONDS, 100_000));

        assertThat(response.failure()).isEmpty();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyTruncated()).isTrue();
        assertThat(response.body()).hasSize(100_000);
        assertThat(response.body()).startsWith(Arrays.copyOf(pattern, 1000));
        assertThat(serverOutcome.get(5, TimeUnit.SECONDS)).isEqualTo("client hung up");
    }

    @Test
    void serverSlowerThanTheTimeoutGivesTimeoutNamingThePhaseWithoutHeaderValues() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            sleep(3_000);
            respond(exchange, 200, "too late");
        });
        OutboundRequest request = new OutboundRequest(url(server, "/slow"), "GET",
                Map.of("Authorization", "Bearer s3cret-token"), null, Duration.ofMillis(300), 1000);

        OutboundResponse response = send(request);

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.TIMEOUT);
        assertThat(response.failure().get().message())
                .isEqualTo("timed out after 300 ms waiting for the response head")
                .doesNotContain("s3cret");
        assertThat(response.status()).isZero();
        assertThat(response.timings().connectMs()).isNotNegative();
        assertThat(response.timings().firstByteMs()).isEqualTo(-1);
        assertThat(response.timings().totalMs()).isBetween(300L, 2_500L);
    }

    @Test
    void stalledBodyGivesTimeoutWhileReadingTheBody() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            sleep(3_000);
        });

        OutboundResponse response = send(new OutboundRequest(url(server, "/"), "GET", Map.of(), null, Duration.ofMillis(500), 1000));

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.TIMEOUT);
        assertThat(response.failure().get().message()).isEqualTo("timed out after 500 ms reading the body");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.timings().firstByteMs()).isNotNegative();
    }

    @Test
    void closedPortGivesConnectFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        OutboundResponse response = send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port + "/"), FIVE_SECONDS));

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.CONNECT);
        assertThat(response.failure().get().message()).isEqualTo("could not connect to 127.0.0.1:" + port + ": connection refused");
        assertThat(response.timings().connectMs()).isEqualTo(-1);
    }

    @Test
    void unresolvableHostGivesDnsFailureAtOnce() throws Exception {
        OutboundResponse response = send(OutboundRequest.get(URI.create("http://no-such-host.invalid/"), FIVE_SECONDS));

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.DNS);
        assertThat(response.failure().get().message()).isEqualTo("no address for no-such-host.invalid");
        assertThat(response.timings().totalMs()).isLessThan(1_000);
    }

    @Test
    void loopbackIsRefusedBeforeAnyConnectionWhenPrivateAddressesAreNotAllowed() throws Exception {
        HttpServer server = servers.http(received, exchange -> respond(exchange, 200, "should not be reached"));
        int port = server.getAddress().getPort();

        try (OutboundHttp guarded = new OutboundHttp(new OutboundHttp.Options(false, 1, "Tocsin-Test/1", null))) {
            OutboundResponse byName = guarded.send(OutboundRequest.get(URI.create("http://localhost:" + port + "/"), FIVE_SECONDS))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            OutboundResponse byLiteral = guarded.send(OutboundRequest.get(url(server, "/"), FIVE_SECONDS))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(byName.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.REFUSED);
            assertThat(byName.failure().get().message()).startsWith("localhost does not resolve to a public address");
            assertThat(byName.timings().dnsMs()).isNotNegative(); // resolved through the hosts file
            assertThat(byName.timings().connectMs()).isEqualTo(-1);
            assertThat(byLiteral.failure()).get().extracting(OutboundFailure::message)
                    .asString().startsWith("127.0.0.1 is a loopback address");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void redirectIsReturnedAsIs() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            exchange.getResponseHeaders().add("Location", "/new");
            respond(exchange, 302, "");
        });

        OutboundResponse response = send(OutboundRequest.get(url(server, "/old"), FIVE_SECONDS));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location")).contains("/new");
        assertThat(received).extracting(Received::uri).containsExactly("/old");
    }

    @Test
    void garbageInsteadOfHttpGivesProtocolFailure() throws Exception {
        int port = servers.raw("HELLO THERE\r\n\r\n");

        OutboundResponse response = send(OutboundRequest.get(URI.create("http://127.0.0.1:" + port + "/"), FIVE_SECONDS));

        assertThat(response.failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.PROTOCOL);
        assertThat(response.failure().get().message()).startsWith("invalid HTTP response");
    }

    @Test
    void timingsOfPlainHttpToAnAddressHaveNoDnsAndNoTls() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            sleep(50);
            respond(exchange, 200, "ok");
        });

        OutboundResponse.Timings t = send(OutboundRequest.get(url(server, "/"), FIVE_SECONDS)).timings();

        assertThat(t.dnsMs()).isEqualTo(-1);
        assertThat(t.tlsMs()).isEqualTo(-1);
        assertThat(t.connectMs()).isBetween(0L, t.totalMs());
        assertThat(t.firstByteMs()).isBetween(50L, t.totalMs());
        assertThat(t.connectMs() + t.firstByteMs()).isLessThanOrEqualTo(t.totalMs());
    }

    @Test
    void threeHundredConcurrentRequestsCompleteOnTheEventLoopThreadsAlone() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            sleep(200);
            respond(exchange, 200, "ok");
        });
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        try (OutboundHttp client = new OutboundHttp(new OutboundHttp.Options(true, 2, "Tocsin-Test/1", null))) {
            List<CompletableFuture<OutboundResponse>> responses = IntStream.range(0, 300)
                    .mapToObj(i -> client.send(OutboundRequest.get(url(server, "/" + i), Duration.ofSeconds(15))).toCompletableFuture())
                    .toList();
            Set<String> clientThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.getName().startsWith(TestServers.THREAD_PREFIX))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            assertThat(clientThreads).hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("tocsin-outbound"));
            assertThat(responses).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(200));
        }
        assertThat(received).hasSize(300);
    }

    @Test
    void closingTheClientCompletesRequestsStillInFlight() throws Exception {
        HttpServer server = servers.http(received, exchange -> {
            sleep(3_000);
            respond(exchange, 200, "too late");
        });
        OutboundHttp client = new OutboundHttp(new OutboundHttp.Options(true, 1, "Tocsin-Test/1", null));
        CompletableFuture<OutboundResponse> pending = client.send(OutboundRequest.get(url(server, "/"), FIVE_SECONDS)).toCompletableFuture();
        while (received.isEmpty()) {
            Thread.sleep(10); // until the request is on the wire and the client is waiting for the head
        }

        client.close();

        assertThat(pending.get(1, TimeUnit.SECONDS).failure()).get().extracting(OutboundFailure::message)
                .isEqualTo("the outbound HTTP client shut down before the request finished");
        assertThat(client.send(OutboundRequest.get(url(server, "/"), FIVE_SECONDS)).toCompletableFuture().get(1, TimeUnit.SECONDS)
                .failure()).get().extracting(OutboundFailure::kind).isEqualTo(Kind.CONNECT);
    }

    private static OutboundResponse send(OutboundRequest request) throws Exception {
        return http.send(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
