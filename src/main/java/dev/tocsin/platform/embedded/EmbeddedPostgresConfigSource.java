package dev.tocsin.platform.embedded;

import io.quarkus.runtime.ExecutionMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A config source of the lowest priority that answers the three datasource properties by starting
 * the embedded database on first use. Lazy on purpose: the build (augmentation) reads configuration
 * too, and must never start a database.
 */
final class EmbeddedPostgresConfigSource implements ConfigSource {

    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    private static final Set<String> NAMES =
            Set.of(EmbeddedPostgresConfigSourceFactory.JDBC_URL, USERNAME, PASSWORD);

    private final Path dataDir;
    private final int port;

    EmbeddedPostgresConfigSource(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String propertyName) {
        if (!NAMES.contains(propertyName) || !isApplicationStarting()) {
            return null;
        }
        Map<String, String> settings = EmbeddedPostgresServer.ensureStarted(dataDir, port);
        return settings.get(propertyName);
    }

    private static boolean isApplicationStarting() {
        ExecutionMode mode = ExecutionMode.current();
        return mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING;
    }

    @Override
    public int getOrdinal() {
        // Below every real source (application.properties is 250, environment 300), so any
        // configured value wins and this one is never asked.
        return 10;
    }

    @Override
    public String getName() {
        return "tocsin-embedded-postgres";
    }
}
