package dev.tocsin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.testing.AppProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started the way production starts it: against a real PostgreSQL that demands a
 * password, configured through QUARKUS_DATASOURCE_*, and failing fast with a named setting when
 * that configuration is wrong.
 */
class ProductionStartIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String PASSWORD = "correct-horse-battery";
    private static final String SIGNING_KEY = "an-operator-chosen-signing-key-of-enough-length";
    private static final String CREDENTIALS_KEY = "b3BlcmF0b3ItY2hvc2VuLWNyZWRlbnRpYWxzLWtleSE=";
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPasswordProtectedPostgres(@TempDir Path dir) throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role tocsin login password '" + PASSWORD + "'");
            s.execute("create database tocsin owner tocsin");
            // Only the superuser keeps trust; the service's role must present its password.
            Files.writeString(dir.resolve("pg/pg_hba.conf"), String.join("\n",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            s.execute("select pg_reload_conf()");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/tocsin";
    }

    private static Map<String, String> production(String password) {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", url(),
                "QUARKUS_DATASOURCE_USERNAME", "tocsin",
                "QUARKUS_DATASOURCE_PASSWORD", password,
                "TOCSIN_PUBLIC_URL", "https://tocsin.example.com",
                "TOCSIN_SIGNING_KEY", SIGNING_KEY,
                "TOCSIN_CREDENTIALS_KEY", CREDENTIALS_KEY);
    }

    @Test
    void migratesARealPostgresAndServes() throws Exception {
        try (AppProcess app = AppProcess.start(production(PASSWORD))) {
            assertThat(app.awaitReady(START)).as(app.output()).isTrue();
            assertThat(app.output()).doesNotContain("embedded PostgreSQL");
        }
        try (Connection c = DriverManager.getConnection(url(), "tocsin", PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history where success and version = '1'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void withoutAStripeKeyBillingIsOffWithNoRoutesAndSaysSoOnce() throws Exception {
        try (AppProcess app = AppProcess.start(production(PASSWORD))) {
            assertThat(app.awaitReady(START)).as(app.output()).isTrue();
            assertThat(app.output().lines().filter(l -> l.contains("Billing is off"))).hasSize(1);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> webhook = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(app.baseUrl() + "/webhooks/stripe"))
                    .header("Stripe-Signature", "t=1,v1=00").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).isEqualTo(404);
            assertThat(webhook.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
    }

    @Test
    void aStripeKeyWithoutItsWebhookSecretRefusesToStartAndNamesIt() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.put("TOCSIN_BILLING_STRIPE_SECRET_KEY", "sk_test_operator_key");
        env.put("TOCSIN_BILLING_STRIPE_PRICE_ID", "price_123");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("tocsin.billing.stripe.webhook-secret").doesNotContain("sk_test_operator_key");
        }
    }

    @Test
    void wrongPasswordFailsFastNamingTheCredentialSettings() {
        try (AppProcess app = AppProcess.start(production("wrong-password"))) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("QUARKUS_DATASOURCE_PASSWORD").doesNotContain("wrong-password");
        }
    }

    @Test
    void unknownHostFailsFastNamingTheUrlSetting() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://no-such-host.invalid:5432/tocsin");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("QUARKUS_DATASOURCE_JDBC_URL");
        }
    }

    @Test
    void missingRequiredSettingRefusesToStartAndNamesIt() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.remove("TOCSIN_PUBLIC_URL");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("tocsin.public-url");
        }
    }

    @Test
    void shortSigningKeyRefusesToStartAndNamesIt() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.put("TOCSIN_SIGNING_KEY", "tiny-secret-xyz");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("tocsin.signing-key").doesNotContain("short\n");
        }
    }

    @Test
    void missingCredentialsKeyRefusesToStartAndNamesIt() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.remove("TOCSIN_CREDENTIALS_KEY");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("tocsin.credentials.key is required");
        }
    }

    @Test
    void malformedSettingRefusesToStartAndNamesIt() {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.put("TOCSIN_PUBLIC_URL", "tocsin.example.com/");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitExit(START)).as(app.output()).isNotZero().isNotEqualTo(-1);
            assertThat(app.output()).contains("tocsin.public-url");
        }
    }

    @Test
    void logsAreJsonWhenAsked() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(production(PASSWORD));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitReady(START)).as(app.output()).isTrue();
            List<String> lines = app.output().lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).isNotEmpty();
            ObjectMapper json = new ObjectMapper();
            boolean startedLine = false;
            for (String line : lines) {
                JsonNode entry = json.readTree(line);
                assertThat(entry.has("level")).isTrue();
                startedLine |= entry.path("message").asText().contains("started in");
            }
            assertThat(startedLine).as("a JSON line announcing the start").isTrue();
        }
    }

    @Test
    void withoutADatasourceAnEmbeddedPostgresStartsAndKeepsDataAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of(
                "TOCSIN_PUBLIC_URL", "http://localhost:8080",
                "TOCSIN_SIGNING_KEY", SIGNING_KEY,
                "TOCSIN_CREDENTIALS_KEY", CREDENTIALS_KEY,
                "TOCSIN_EMBEDDED_DB_DATA_DIR", data.toString());
        AppProcess first = AppProcess.start(env);
        try (AppProcess app = first) {
            assertThat(app.awaitReady(START)).as(app.output()).isTrue();
            assertThat(app.output()).contains("embedded PostgreSQL").contains("QUARKUS_DATASOURCE_JDBC_URL");
            assertThat(app.output().lines().filter(l -> l.contains("its data stays in " + data))).as(app.output()).hasSize(1);
            execute(data, "insert into accounts (id, name, created_at) "
                    + "values ('00000000-0000-0000-0000-0000000000aa', 'Survivor', now())");
        }
        // PostgreSQL's own output (initdb's report, the kept directory at shutdown) stays out of a first run's log.
        assertThat(first.output()).doesNotContain("The files belonging to this database system")
                .doesNotContain("initdb").doesNotContain("Did not clean up directory");
        assertThat(data.resolve("postmaster.pid")).as("the embedded database stops with the service").doesNotExist();
        try (AppProcess app = AppProcess.start(env)) {
            assertThat(app.awaitReady(START)).as(app.output()).isTrue();
            assertThat(queryName(data)).isEqualTo("Survivor");
        }
    }

    private static int embeddedPort(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim());
    }

    private static void execute(Path data, String sql) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + embeddedPort(data) + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String queryName(Path data) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + embeddedPort(data) + "/postgres", "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name from accounts where id = '00000000-0000-0000-0000-0000000000aa'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
