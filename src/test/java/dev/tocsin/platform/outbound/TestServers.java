package dev.tocsin.platform.outbound;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Real local servers for the outbound tests, each on a free port, all stopped by {@link #close()}. */
final class TestServers implements AutoCloseable {

    /** What a server received, captured before the handler answers. */
    record Received(String method, String uri, Headers headers, byte[] body) {
    }

    static final String THREAD_PREFIX = "test-server-";

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final AtomicInteger threads = new AtomicInteger();

    /** A server whose {@code received} queue records every request before {@code handler} answers it. */
    HttpServer http(ConcurrentLinkedQueue<Received> received, HttpHandler handler) throws IOException {
        return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024), received, handler);
    }

    <S extends HttpServer> S start(S server, ConcurrentLinkedQueue<Received> received, HttpHandler handler) {
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body));
                handler.handle(exchange);
            }
        });
        // A thread per exchange, so slow handlers do not queue the others behind them.
        ExecutorService executor = Executors.newCachedThreadPool(
                r -> new Thread(r, THREAD_PREFIX + threads.incrementAndGet()));
        server.setExecutor(executor);
        server.start();
        servers.add(server);
        executors.add(executor);
        return server;
    }

    /** A TCP server that answers every connection with {@code reply} as is and hangs up. */
    int raw(String reply) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return; // closed at the end of the test
                }
            }
        }, THREAD_PREFIX + "raw");
        acceptor.setDaemon(true);
        acceptor.start();
        return socket.getLocalPort();
    }

    static URI url(HttpServer server, String path) {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        servers.forEach(server -> server.stop(0));
        executors.forEach(ExecutorService::shutdownNow); // interrupts handlers still sleeping
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }
}
