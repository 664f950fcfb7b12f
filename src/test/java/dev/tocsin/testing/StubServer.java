package dev.tocsin.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free local port standing in for a provider or any API: each path answers
 * what the test last told it to, and every request is counted and kept.
 */
public final class StubServer implements AutoCloseable {

    /** What a path answers; {@code delay} is slept before answering. */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        public Reply with(String header, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(header, value);
            return new Reply(status, body, Map.copyOf(more), delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, headers, wait);
        }
    }

    /** A request as received: the path with its query, its headers and body, when it arrived and from which address. */
    public record Received(String uri, Headers headers, String body, java.time.Instant at, String from) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    /** Replies for one source address, by "address path": what one region's probes see. */
    private final Map<String, Reply> repliesFrom = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private StubServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static StubServer start() {
        return start(0);
    }

    /** On a fixed port, for a URL that the application's configuration names. */
    public static StubServer start(int port) {
        try {
            return new StubServer(port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the stub server", e);
        }
    }

    /** The URL of a path on this server, e.g. {@code url("/v1/models")}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** From now on, {@code path} (without query) answers {@code reply}. */
    public StubServer reply(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    /**
     * From now on, {@code path} answers {@code reply} to requests from {@code address} (e.g. 127.0.0.3), and
     * what {@link #reply} says to the others; null goes back to that.
     */
    public StubServer replyFrom(String address, String path, Reply reply) {
        if (reply == null) {
            repliesFrom.remove(address + " " + path);
        } else {
            repliesFrom.put(address + " " + path, reply);
        }
        return this;
    }

    /** Requests received for a path with its query, e.g. {@code hits("/health?m=7")}. */
    public int hits(String uri) {
        AtomicInteger count = hits.get(uri);
        return count == null ? 0 : count.get();
    }

    public Map<String, Integer> hitsByUri() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        hits.forEach((uri, count) -> copy.put(uri, count.get()));
        return copy;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests received for a path (without query). */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.uri().equals(path) || r.uri().startsWith(path + "?")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        hits.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet();
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String from = exchange.getRemoteAddress().getAddress().getHostAddress();
        received.add(new Received(uri, exchange.getRequestHeaders(), requestBody, java.time.Instant.now(), from));
        String path = exchange.getRequestURI().getPath();
        Reply reply = repliesFrom.getOrDefault(from + " " + path,
                replies.getOrDefault(path, Reply.of(404, "{\"error\":\"no stub\"}")));
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client gave up (a timeout test); nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
