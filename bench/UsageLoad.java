import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The usage benchmark's load: {@code concurrency} clients each posting batches of {@code batch} calls to
 * POST /api/v1/events back to back for {@code seconds}, as reporters in a customer's app would. Prints
 * one line: requests, events, events/s, latency p50/p99/max in ms, refused requests.
 *
 *   java bench/UsageLoad.java <base-url> <key> <seconds> <batch> <concurrency>
 */
public class UsageLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int seconds = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int seed = w;
            workers.add(pool.submit(() -> run(http, base, key, batch, end, new Random(seed))));
        }
        List<Long> latencies = new ArrayList<>();
        long refused = 0;
        for (Future<long[]> worker : workers) {
            long[] result = worker.get();
            refused += result[0];
            for (int i = 1; i < result.length; i++) {
                latencies.add(result[i]);
            }
        }
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long events = (long) sorted.length * batch;
        System.out.printf("requests %d events %d events_per_s %.0f p50_ms %.1f p99_ms %.1f max_ms %.1f refused %d%n",
                sorted.length, events, events / (double) seconds, ms(sorted, 0.50), ms(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, refused);
    }

    /** Posts batches until the deadline; returns refused count then each accepted request's latency in ns. */
    private static long[] run(HttpClient http, String base, String key, int batch, long end, Random random) throws Exception {
        String[] providers = {"mistral", "openai", "anthropic", "gemini"};
        String[] models = {"mistral-small-latest", "gpt-4o-mini", "claude-3-5-haiku-latest", "gemini-2.0-flash"};
        long[] out = new long[1 << 16];
        int n = 1;
        long refused = 0;
        while (System.nanoTime() < end) {
            StringBuilder body = new StringBuilder(batch * 160).append('[');
            String at = Instant.now().toString();
            for (int i = 0; i < batch; i++) {
                int p = random.nextInt(providers.length);
                int status = random.nextInt(1000) < 10 ? 429 : 200;
                body.append(i == 0 ? "" : ",").append("{\"provider\":\"").append(providers[p]).append("\",\"model\":\"").append(models[p])
                        .append("\",\"status\":").append(status).append(",\"latencyMs\":").append(200 + random.nextInt(2000))
                        .append(",\"ttftMs\":").append(50 + random.nextInt(500)).append(",\"inputTokens\":").append(random.nextInt(4000))
                        .append(",\"outputTokens\":").append(random.nextInt(800)).append(",\"at\":\"").append(at).append("\"}");
            }
            body.append(']');
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            long started = System.nanoTime();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            long took = System.nanoTime() - started;
            if (response.statusCode() != 202) {
                refused++;
            } else if (n < out.length) {
                out[n++] = took;
            }
        }
        out[0] = refused;
        return Arrays.copyOf(out, n);
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
