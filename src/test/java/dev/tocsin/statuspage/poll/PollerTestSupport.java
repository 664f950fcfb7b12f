package dev.tocsin.statuspage.poll;

import static io.restassured.RestAssured.given;

import dev.tocsin.signal.Signal;
import dev.tocsin.testing.StubServer.Reply;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fixture bodies as stub replies, and short renderings of signals, for the poller's Quarkus tests. */
final class PollerTestSupport {

    private PollerTestSupport() {
    }

    static String fixture(String path) {
        try (InputStream in = PollerTestSupport.class.getResourceAsStream("/statuspage/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply json(String fixture) {
        return Reply.of(200, fixture(fixture));
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    static UUID createStatusPageMonitor(String key, Map<String, Object> body) {
        return UUID.fromString(as(key).body(body).post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
    }

    /** "degraded: Chat Completions: degraded performance". */
    static List<String> render(List<Signal> signals) {
        return signals.stream().map(s -> s.severity().code() + ": " + s.reason()).toList();
    }
}
