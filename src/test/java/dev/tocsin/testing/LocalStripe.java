package dev.tocsin.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.stripe.net.Webhook;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stripe's API as a local HTTP server, reached through {@code tocsin.billing.stripe.api-base}: it answers
 * in Stripe's JSON shapes (customers, Checkout and portal sessions, subscriptions the test sets) and keeps
 * every request it was sent. Stripe itself is outside the product, so this is the one part mocked.
 * Also signs webhook bodies with the configured secret, the way Stripe does, through Stripe's SDK.
 */
public class LocalStripe implements QuarkusTestResourceLifecycleManager {

    /** The webhook signing secret the test profile configures. */
    public static final String WEBHOOK_SECRET = "whsec_test_only_local_webhook_secret";

    /** A request as received: method, path, form-encoded body, and its Idempotency-Key header. */
    public record Request(String method, String path, String body, String idempotencyKey) {
    }

    private static HttpServer server;
    private static final ConcurrentLinkedQueue<Request> REQUESTS = new ConcurrentLinkedQueue<>();
    private static final Map<String, String> SUBSCRIPTIONS = new ConcurrentHashMap<>();
    private static final Map<String, String> CUSTOMERS_BY_KEY = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the local Stripe", e);
        }
        server.createContext("/", LocalStripe::handle);
        server.start();
        return Map.of("tocsin.billing.stripe.api-base", base());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static List<Request> requests(String path) {
        return REQUESTS.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** What {@code GET /v1/subscriptions/{id}} answers from now on. */
    public static void subscription(String id, String json) {
        SUBSCRIPTIONS.put(id, json);
    }

    /** A Stripe-Signature header for this body, signed now (or at {@code at}) with the configured secret. */
    public static String sign(String payload, Instant at) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, at.getEpochSecond());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        REQUESTS.add(new Request(exchange.getRequestMethod(), path, body, key));
        int n = IDS.incrementAndGet();
        String json;
        int status = 200;
        String type = "application/json";
        if (path.equals("/v1/customers")) {
            // Stripe answers a repeated idempotency key with the first answer: one customer.
            String id = key == null ? "cus_test_" + n : CUSTOMERS_BY_KEY.computeIfAbsent(key, k -> "cus_test_" + n);
            json = "{\"id\":\"" + id + "\",\"object\":\"customer\",\"livemode\":false}";
        } else if (path.equals("/v1/checkout/sessions")) {
            json = "{\"id\":\"cs_test_" + n + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"url\":\"" + base()
                    + "/checkout/cs_test_" + n + "\"}";
        } else if (path.equals("/v1/billing_portal/sessions")) {
            json = "{\"id\":\"bps_test_" + n + "\",\"object\":\"billing_portal.session\",\"url\":\"" + base() + "/portal/bps_test_" + n + "\"}";
        } else if (path.startsWith("/v1/subscriptions/") && SUBSCRIPTIONS.containsKey(path.substring(18))) {
            json = SUBSCRIPTIONS.get(path.substring(18));
        } else if (path.startsWith("/checkout/") || path.startsWith("/portal/")) {
            type = "text/html";
            json = "<!DOCTYPE html><html lang=\"en\"><head><title>Local Stripe Checkout</title></head><body><h1>Local Stripe "
                    + (path.startsWith("/checkout/") ? "Checkout" : "portal") + "</h1></body></html>";
        } else {
            status = 404;
            json = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such resource: " + path + "\"}}";
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Request-Id", "req_test_" + n);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        }
    }
}
