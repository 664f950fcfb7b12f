package dev.tocsin.platform;

import dev.tocsin.platform.embedded.EmbeddedPostgresException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a failed start into one sentence naming the setting to fix. PostgreSQL's SQLSTATE tells
 * a refused login apart from an unreachable server or a missing database.
 */
final class StartupFailureHint {

    private static final String URL = "QUARKUS_DATASOURCE_JDBC_URL (quarkus.datasource.jdbc.url)";
    private static final String CREDENTIALS = "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD "
            + "(quarkus.datasource.username, quarkus.datasource.password)";

    private StartupFailureHint() {
    }

    /**
     * What to print when the start failed: the hint and the causes' messages when the failure is
     * understood (a stack trace would bury the one line that matters), the whole trace otherwise.
     */
    static String report(Throwable failure) {
        Optional<String> hint = of(failure);
        if (hint.isPresent()) {
            return "ERROR Tocsin could not start. " + hint.get() + System.lineSeparator() + "Cause: " + rootMessage(failure);
        }
        if (isConfiguration(failure)) {
            return "ERROR Tocsin could not start: its configuration is invalid." + System.lineSeparator() + messages(failure);
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return "ERROR Tocsin could not start." + System.lineSeparator() + trace;
    }

    private static boolean isConfiguration(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("io.smallrye.config.") || type.startsWith("io.quarkus.runtime.configuration.")
                    || t instanceof java.util.NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                seen.add(t.getMessage());
            }
        }
        return String.join(System.lineSeparator(), seen);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EmbeddedPostgresException) {
                return Optional.of(t.getMessage());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                Optional<String> hint = forSqlState(sql.getSQLState());
                if (hint.isPresent()) {
                    return hint;
                }
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException) {
                return Optional.of(unreachable());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> forSqlState(String state) {
        if (state.startsWith("28")) {
            return Optional.of("PostgreSQL refused the login: check " + CREDENTIALS + ".");
        }
        if (state.equals("3D000")) {
            return Optional.of("The database named in the URL does not exist: check " + URL + ".");
        }
        if (state.startsWith("08")) {
            return Optional.of(unreachable());
        }
        return Optional.empty();
    }

    private static String unreachable() {
        return "PostgreSQL could not be reached: check the host and port in " + URL + ".";
    }
}
