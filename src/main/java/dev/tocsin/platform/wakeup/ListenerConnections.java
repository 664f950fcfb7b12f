package dev.tocsin.platform.wakeup;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.postgresql.Driver;

/**
 * Opens the listening connection with the datasource's own settings (URL, user, password and the extra
 * JDBC properties, whether an operator or the embedded database supplied them), but straight from the
 * driver, outside the pool.
 */
@ApplicationScoped
class ListenerConnections {

    static final String APPLICATION_NAME = "tocsin-wakeups";
    private static final String EXTRA = "quarkus.datasource.jdbc.additional-jdbc-properties.";

    private final Config config;

    ListenerConnections(Config config) {
        this.config = config;
    }

    Connection open() throws SQLException {
        String url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                .orElseThrow(() -> new SQLException("quarkus.datasource.jdbc.url is not set"));
        Properties properties = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(EXTRA)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> properties.setProperty(name.substring(EXTRA.length()), v));
            }
        }
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> properties.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> properties.setProperty("password", p));
        // Named, so an operator (or a test) can find it in pg_stat_activity; keep-alive, so a dead peer is noticed.
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("quarkus.datasource.jdbc.url is not a PostgreSQL URL");
        }
        connection.setAutoCommit(true);
        return connection;
    }
}
