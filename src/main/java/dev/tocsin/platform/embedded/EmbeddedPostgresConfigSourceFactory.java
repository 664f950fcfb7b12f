package dev.tocsin.platform.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource settings of an embedded PostgreSQL when none are configured, so that
 * {@code ./mvnw quarkus:dev} works on a machine with nothing installed.
 *
 * <p>Registered through {@code META-INF/services}: it has to act before Quarkus reads the datasource
 * settings, which is earlier than any CDI bean can. When {@code quarkus.datasource.jdbc.url} is set
 * anywhere (environment, system property, application.properties, a test resource) it contributes
 * nothing and no database starts.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String ENABLED = "tocsin.embedded-db.enabled";
    static final String DATA_DIR = "tocsin.embedded-db.data-dir";
    static final String PORT = "tocsin.embedded-db.port";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (valueOf(context, JDBC_URL) != null) {
            return List.of();
        }
        if (!Boolean.parseBoolean(valueOr(context, ENABLED, "true"))) {
            return List.of();
        }
        Path dataDir = Path.of(valueOr(context, DATA_DIR, ".tocsin/postgres"));
        String port = valueOr(context, PORT, "0");
        try {
            return List.of(new EmbeddedPostgresConfigSource(dataDir, Integer.parseInt(port.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + " must be a port number, was '" + port + "'", e);
        }
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        String value = valueOf(context, name);
        return value == null ? fallback : value;
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return null;
        }
        return value.getValue();
    }
}
