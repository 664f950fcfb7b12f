package dev.tocsin.probe;

import static io.restassured.RestAssured.given;

import dev.tocsin.testing.MutableClock;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Small helpers shared by the probe engine's Quarkus tests. */
public final class ProbeTestSupport {

    private ProbeTestSupport() {
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    public static UUID createMonitor(String key, Map<String, Object> body) {
        return UUID.fromString(as(key).body(body).post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
    }

    /**
     * Moves the clock forward in small steps until something of the account is due, and runs it. A
     * new target's first run comes within 30 s; re-checks come after 10 s.
     */
    static ProbeEngine.Pass nextPass(ProbeEngine engine, UUID account) {
        // Up to 5 minutes: the second regular run comes up to 1.9 intervals after the first (onto the phase).
        for (int step = 0; step < 150; step++) {
            ProbeEngine.Pass pass = engine.runDue(account);
            if (pass.targets() > 0) {
                return pass;
            }
            MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        }
        throw new AssertionError("nothing of account " + account + " fell due within 5 min");
    }
}
