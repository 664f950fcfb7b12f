package dev.tocsin.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.Driver;

/**
 * A connection to the test database of its own, outside the application's pool and transactions:
 * what it commits arrives as another node's writes would.
 */
public final class OtherNode {

    private OtherNode() {
    }

    /** A new connection in manual-commit mode; the caller commits or rolls back, and closes it. */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties login = new Properties();
        login.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        login.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
        Connection connection = new Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class), login);
        connection.setAutoCommit(false);
        return connection;
    }
}
