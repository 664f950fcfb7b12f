package dev.tocsin.cluster;

import dev.tocsin.testing.AppProcess;
import dev.tocsin.testing.StubServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Several packaged nodes on one PostgreSQL, against a stub that keeps every request with its time: the
 * monitors are created through the API of every node, a third of them fail, one node is killed with
 * SIGKILL while their failures are being confirmed and alerted and is started again, the failures end, a
 * node is stopped with SIGTERM while the recoveries are alerted, and PostgreSQL restarts. {@link ClusterReport}
 * then reads from the stub and the database what a cluster must guarantee. Each node sends its own
 * User-Agent, so the stub knows which node probed or delivered.
 *
 * <p>Run by {@code ClusterIT} (2 nodes, 30 monitors) and by {@code bench/cluster.sh} (3 and 300 by default).
 */
public final class ClusterScenario implements AutoCloseable {

    /** What to run. {@code recheck} and {@code lease} are shortened from their defaults to keep the run short. */
    public record Settings(int nodes, int monitors, int intervalSeconds, Duration recheck, Duration lease, Duration hookDelay,
                           Duration healthyFirst, Path work) {
        /** Failing from their first probe: the kill falls among first runs, quick, for the build. */
        public static Settings of(int nodes, int monitors, Path work) {
            return new Settings(nodes, monitors, 30, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ZERO, work);
        }

        /** The failures start once every monitor runs on its phase, so the kill falls among regular runs. */
        public Settings failingAfterOneInterval() {
            return new Settings(nodes, monitors, intervalSeconds, recheck, lease, hookDelay,
                    Duration.ofSeconds(intervalSeconds + 5L), work);
        }
    }

    /** The instants the report measures from. */
    record Moments(Instant created, Instant killed, Instant confirmed, Instant restored, Instant stopped, Instant resolved,
                   Instant databaseStopped, Instant allUnready, Instant databaseBack, Instant allReady, Instant probingAgain) {
    }

    static final String KEY = "tcs_cluster_scenario_write_key_0123456789";
    private static final UUID ACCOUNT = UUID.fromString("00000000-0000-4000-8000-00000c105732");
    private static final UUID OWNER = UUID.fromString("00000000-0000-4000-8000-0000000c1057");
    static final Duration START = Duration.ofSeconds(180);

    private final Settings settings;
    private final StubServer stub = StubServer.start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AppProcess> nodes = new ArrayList<>();
    private final Map<UUID, String> monitorPaths = new LinkedHashMap<>();
    private final List<UUID> failing = new ArrayList<>();
    private final int databasePort;
    private EmbeddedPostgres database;
    private String killedLog = "";
    private String stoppedLog = "";

    public ClusterScenario(Settings settings) throws IOException {
        this.settings = settings;
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
        Files.createDirectories(settings.work());
    }

    /** Runs the whole scenario and reads its outcome. */
    public ClusterReport run() throws Exception {
        startDatabase();
        for (int i = 1; i <= settings.monitors(); i++) {
            stub.reply("/m/" + i, StubServer.Reply.of(200, "{\"ok\":true}"));
        }
        stub.reply("/hook", StubServer.Reply.of(200, "").after(settings.hookDelay()));
        log("starting %d nodes", settings.nodes());
        for (int i = 0; i < settings.nodes(); i++) {
            nodes.add(AppProcess.start(env(i)));
        }
        for (AppProcess node : nodes) {
            require(node.awaitReady(START), "a node did not start: " + node.output());
        }
        seedAccount();
        Instant created = createThroughEveryNode();
        if (!settings.healthyFirst().isZero()) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), created.plus(settings.healthyFirst())).toMillis()));
        }
        failing.forEach(id -> stub.reply(monitorPaths.get(id), StubServer.Reply.of(503, "{\"error\":\"down\"}")));
        log("a third of the monitors fail from now on");

        // SIGKILL the last node while it is sending an alert (it holds that delivery's lease), then start it again.
        int victim = settings.nodes() - 1;
        int hooksSoFar = hooksFrom(victim);
        waitFor(Duration.ofSeconds(3L * settings.intervalSeconds()), () -> hooksFrom(victim) > hooksSoFar);
        Instant killed = Instant.now();
        nodes.get(victim).kill();
        killedLog = nodes.get(victim).output();
        log("killed node %d (SIGKILL)", victim);
        nodes.set(victim, AppProcess.start(env(victim)));

        long incidentsWanted = failing.size();
        require(waitFor(Duration.ofSeconds(3L * settings.intervalSeconds() + settings.lease().toSeconds() + 30),
                () -> count("select count(*) from incidents") >= incidentsWanted && undelivered() == 0
                        && count("select count(*) from outbox where event_type = 'incident.opened'") >= incidentsWanted),
                "every failing monitor's incident opened and alerted");
        Instant confirmed = Instant.now();
        require(nodes.get(victim).awaitReady(START), "the killed node did not start again: " + nodes.get(victim).output());
        log("failures confirmed and alerted; node %d is back", victim);

        // The failures end; SIGTERM the restarted node while the recoveries are being alerted.
        Instant restored = Instant.now();
        failing.forEach(id -> stub.reply(monitorPaths.get(id), StubServer.Reply.of(200, "{\"ok\":true}")));
        int hooksBefore = hooksFrom(victim);
        waitFor(Duration.ofSeconds(2L * settings.intervalSeconds()), () -> hooksFrom(victim) > hooksBefore);
        Instant stopped = Instant.now();
        nodes.get(victim).close();
        stoppedLog = nodes.get(victim).output();
        log("stopped node %d (SIGTERM) in %d ms", victim, Duration.between(stopped, Instant.now()).toMillis());
        require(waitFor(Duration.ofSeconds(3L * settings.intervalSeconds()),
                () -> count("select count(*) from incidents where state = 'resolved'") >= incidentsWanted && undelivered() == 0),
                "every incident resolved and alerted");
        Instant resolved = Instant.now();

        // PostgreSQL restarts under the nodes still running.
        List<AppProcess> running = nodes.stream().filter(AppProcess::alive).toList();
        Instant databaseStopped = Instant.now();
        database.close();
        log("PostgreSQL stopped");
        require(waitFor(Duration.ofSeconds(30), () -> running.stream().allMatch(n -> n.readiness() != 200)), "readiness fell");
        Instant allUnready = Instant.now();
        Thread.sleep(3000);
        startDatabase();
        Instant databaseBack = Instant.now();
        log("PostgreSQL started again");
        require(waitFor(Duration.ofSeconds(60), () -> running.stream().allMatch(n -> n.readiness() == 200)), "readiness came back");
        Instant allReady = Instant.now();
        require(waitFor(Duration.ofSeconds(settings.intervalSeconds() + 30L),
                () -> count("select count(distinct monitor_id) from probe_results where started_at > '" + databaseBack + "'")
                        >= settings.monitors()), "every monitor probed and recorded after the restart");
        Instant probingAgain = Instant.now();

        Moments moments = new Moments(created, killed, confirmed, restored, stopped, resolved, databaseStopped, allUnready,
                databaseBack, allReady, probingAgain);
        try (Connection c = connect()) {
            return ClusterReport.read(settings, moments, monitorPaths, failing, stub.received(), c, killedLog, stoppedLog);
        }
    }

    private Map<String, String> env(int node) {
        Map<String, String> env = nodeEnv(jdbcUrl(), ClusterReport.agent(node));
        env.put("TOCSIN_PROBES_RECHECK_INTERVAL", settings.recheck().toMillis() + "ms");
        env.put("TOCSIN_NOTIFY_LEASE", settings.lease().toMillis() + "ms");
        // A send must fit its lease twice over (the start refuses otherwise): short timeouts for a short lease.
        env.put("TOCSIN_NOTIFY_HTTP_TIMEOUT", settings.lease().dividedBy(3).toMillis() + "ms");
        env.put("TOCSIN_MAIL_TIMEOUT", settings.lease().dividedBy(9).toMillis() + "ms");
        return env;
    }

    /** What every node of a scenario shares: the database, the keys, local addresses allowed, its own User-Agent. */
    static Map<String, String> nodeEnv(String jdbcUrl, String agent) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "unused-with-trust");
        env.put("TOCSIN_EMBEDDED_DB_ENABLED", "false");
        env.put("TOCSIN_PUBLIC_URL", "http://localhost:8080");
        env.put("TOCSIN_SIGNING_KEY", "cluster-scenario-signing-key-of-enough-length");
        // One key for all nodes: a webhook secret sealed by one is opened by another.
        env.put("TOCSIN_CREDENTIALS_KEY", "Y2x1c3Rlci1zY2VuYXJpby1jcmVkZW50aWFscy1rZXk=");
        env.put("TOCSIN_MAIL_HOST", "127.0.0.1");
        env.put("TOCSIN_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "true");
        env.put("TOCSIN_OUTBOUND_USER_AGENT", agent);
        env.put("TOCSIN_API_REQUESTS_PER_MINUTE", "100000");
        return env;
    }

    /** On the same directory and port each time; never cleaned, which would also delete the data when it stops. */
    private void startDatabase() throws IOException {
        database = EmbeddedPostgres.builder().setDataDirectory(settings.work().resolve("pg")).setCleanDataDirectory(false)
                .setPort(databasePort).start();
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + databasePort + "/postgres";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    private void seedAccount() throws SQLException {
        try (Connection c = connect()) {
            seedAccount(c);
        }
    }

    /** The account, its owner and a write key ({@link #KEY}), as an operator's script would set them up. */
    static void seedAccount(Connection c) throws SQLException {
        for (String sql : List.of(
                "insert into accounts (id, name, created_at) values ('" + ACCOUNT + "', 'Cluster', now())",
                "insert into users (id, email, email_verified_at, created_at) values ('" + OWNER + "', 'cluster@example.com', now(), now())",
                "insert into memberships (account_id, user_id, role, created_at) values ('" + ACCOUNT + "', '" + OWNER + "', 'owner', now())",
                "insert into api_keys (id, account_id, name, scope, prefix, secret_hash, created_by, created_at) values (gen_random_uuid(), '"
                        + ACCOUNT + "', 'cluster', 'write', left('" + KEY + "', 10), sha256(convert_to('" + KEY + "', 'UTF8')), '"
                        + OWNER + "', now())")) {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.executeUpdate();
            }
        }
    }

    /** A webhook channel (routed to every monitor), then the monitors, each through the next node's API. */
    private Instant createThroughEveryNode() throws Exception {
        post(0, "/api/v1/channels", "{\"type\":\"webhook\",\"name\":\"cluster\",\"target\":\"" + stub.url("/hook") + "\"}");
        Instant created = Instant.now();
        for (int i = 1; i <= settings.monitors(); i++) {
            String path = "/m/" + i;
            String body = post(i % settings.nodes(), "/api/v1/monitors", "{\"name\":\"m" + i + "\",\"type\":\"http\",\"url\":\""
                    + stub.url(path) + "\",\"intervalSeconds\":" + settings.intervalSeconds() + "}");
            UUID id = UUID.fromString(body.replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*$", "$1"));
            monitorPaths.put(id, path);
            if (i % 3 == 0) {
                failing.add(id);
            }
        }
        log("created %d monitors (%d failing) through %d nodes", settings.monitors(), failing.size(), settings.nodes());
        return created;
    }

    private String post(int node, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nodes.get(node).baseUrl() + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 201, "POST " + path + " on node " + node + " answered " + response.statusCode() + ": " + response.body());
        return response.body();
    }

    private int hooksFrom(int node) {
        return (int) stub.received("/hook").stream()
                .filter(r -> ClusterReport.agent(node).equals(r.headers().getFirst("User-Agent"))).count();
    }

    private long undelivered() {
        return count("select count(*) from outbox where status <> 'delivered'");
    }

    /** A count from the database, or -1 while it cannot be read. */
    private long count(String sql) {
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("cluster scenario: " + what);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("[cluster %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
    }

    @Override
    public void close() throws IOException {
        nodes.forEach(AppProcess::close);
        stub.close();
        if (database != null) {
            database.close();
        }
    }

    /** {@code bench/cluster.sh}: nodes, monitors; the report on standard output. */
    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int monitors = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path work = Files.createTempDirectory("tocsin-cluster");
        try (ClusterScenario scenario = new ClusterScenario(Settings.of(nodes, monitors, work).failingAfterOneInterval())) {
            System.out.println(scenario.run().text());
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
