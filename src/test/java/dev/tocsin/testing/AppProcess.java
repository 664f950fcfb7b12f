package dev.tocsin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a real process, the way an
 * operator starts it: configured only through environment variables, output captured to a file.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;

    private AppProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts the jar with exactly these variables on top of a clean environment. */
    public static AppProcess start(Map<String, String> env) {
        String appDir = System.getProperty("tocsin.app.dir", "target/quarkus-app");
        Path jar = Path.of(appDir, "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        try {
            int port = freePort();
            // Under target/, not /tmp: the build's own directory is cleaned with it; a failed run's log stays to be read.
            Path logs = Files.createDirectories(Path.of("target", "app-logs"));
            Path output = Files.createTempFile(logs, "tocsin-app", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TOCSIN_"));
            Map<String, String> all = new HashMap<>(env);
            all.putIfAbsent("QUARKUS_HTTP_PORT", Integer.toString(port));
            environment.putAll(all);
            return new AppProcess(builder.start(), output, Integer.parseInt(all.get("QUARKUS_HTTP_PORT")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; false if the process died or time ran out. */
    public boolean awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(250);
        }
        return false;
    }

    /** The status of {@code /q/health/ready} now, or -1 when nothing answers. */
    public int readiness() {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build().send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Ends the process with SIGKILL, as a lost machine or the OOM killer would: nothing of it runs after. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself and returns its exit code, or -1 on timeout. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Stops the service as an orchestrator would (SIGTERM) and waits for a clean shutdown. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
