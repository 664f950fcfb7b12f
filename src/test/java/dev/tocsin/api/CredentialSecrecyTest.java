package dev.tocsin.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.security.Secrets;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider credential goes in and never comes out: not in a response, a list, an error, a replayed
 * idempotent response, a log line, or the database in clear.
 */
@QuarkusTest
class CredentialSecrecyTest {

    @Inject
    TestTenants tenants;

    @Inject
    Monitors monitors;

    @Inject
    EntityManager em;

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(' ').append(p);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            synchronized (logged) {
                logged.add(line.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    @Test
    void storedCredentialNeverLeaves() {
        TestTenants.Cast cast = tenants.create();
        String key = cast.alice().writeKey();
        String first = "sk-CANARY-" + Secrets.randomToken(12);
        String second = "sk-CANARY-" + Secrets.randomToken(12);
        List<String> bodies = new ArrayList<>();

        var created = as(key).header("Idempotency-Key", "secret-create")
                .body("{\"provider\":\"openai\",\"credential\":\"" + first + "\"}").post("/api/v1/monitors");
        assertThat(created.statusCode()).isEqualTo(201);
        bodies.add(created.body().asString());
        String id = created.path("id");
        bodies.add(as(key).header("Idempotency-Key", "secret-create")
                .body("{\"provider\":\"openai\",\"credential\":\"" + first + "\"}").post("/api/v1/monitors").body().asString());
        bodies.add(as(key).get("/api/v1/monitors/" + id).body().asString());
        bodies.add(as(key).get("/api/v1/monitors").body().asString());
        // Errors while a credential is in the request body.
        bodies.add(as(key).body("{\"provider\":\"openai\",\"credential\":\"" + second + "\",\"url\":\"ftp://x\"}")
                .post("/api/v1/monitors").then().statusCode(400).extract().body().asString());
        bodies.add(as(key).body("{\"provider\":\"openai\",\"credential\":\"" + second + "\",\"intervalSeconds\":\"x\"}")
                .post("/api/v1/monitors").then().statusCode(400).extract().body().asString());
        bodies.add(as(key).body("{\"credential\":\"" + second + "\", broken").post("/api/v1/monitors")
                .then().statusCode(400).extract().body().asString());
        bodies.add(as(key).body("{\"credential\":\"" + second + "\",\"timeoutMs\":99999999}").patch("/api/v1/monitors/" + id)
                .then().statusCode(400).extract().body().asString());
        bodies.add(as(key).body("{\"credential\":\"" + second + "\"}").patch("/api/v1/monitors/" + id)
                .then().statusCode(200).extract().body().asString());
        bodies.add(as(cast.readKeyA()).body("{\"credential\":\"" + second + "\"}").patch("/api/v1/monitors/" + id)
                .then().statusCode(403).extract().body().asString());
        bodies.add(as(cast.charlie().writeKey()).body("{\"credential\":\"" + second + "\"}").patch("/api/v1/monitors/" + id)
                .then().statusCode(404).extract().body().asString());

        for (String body : bodies) {
            assertThat(body).doesNotContain(first).doesNotContain(second).doesNotContain("sk-CANARY");
        }
        org.jboss.logging.Logger.getLogger("dev.tocsin.monitor").warn("capture-check");
        synchronized (logged) {
            assertThat(logged).as("the capture sees the application's log").anyMatch(line -> line.contains("capture-check"));
            assertThat(logged).noneMatch(line -> line.contains("sk-CANARY"));
        }
        Monitor stored = Monitor.findById(UUID.fromString(id));
        assertThat(new String(stored.credential, StandardCharsets.ISO_8859_1)).doesNotContain("sk-CANARY");
        assertThat(monitors.credential(stored)).contains(second);
        @SuppressWarnings("unchecked")
        List<String> replayable = em.createNativeQuery("select response_body from idempotency_keys where key = 'secret-create'")
                .getResultList();
        assertThat(replayable).isNotEmpty().noneMatch(b -> b.contains("sk-CANARY"));
    }
}
