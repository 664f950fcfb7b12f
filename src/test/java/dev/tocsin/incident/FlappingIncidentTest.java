package dev.tocsin.incident;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Intermittent failures through the real engine: flapping opens one incident, an outage that follows
 * raises that same incident, and it resolves only after a full flap window without failures.
 */
@QuarkusTest
class FlappingIncidentTest extends IncidentTestBase {

    private void runs(UUID account, int status, int count) {
        stub.reply("/flaky", Reply.of(status, status == 200 ? "{}" : "{\"message\":\"Internal error\"}"));
        probe(account, count);
    }

    @Test
    void flappingThenAnOutageIsOneIncidentThatResolvesAfterAQuietFlapWindow() {
        TestTenants.Person owner = tenants.owner("flapping");
        as(owner.writeKey()).body(Map.of("name", "Flaky API", "url", stub.url("/flaky")))
                .post("/api/v1/monitors").then().statusCode(201);
        // Three failure episodes, each too short to confirm an outage (three failures in a row would).
        for (int episode = 0; episode < 3; episode++) {
            runs(owner.accountId(), 500, 1);
            runs(owner.accountId(), 200, 1);
        }
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                .body("items[0].title", equalTo("Flaky API flapping")).body("items[0].severity", equalTo("degraded"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");

        runs(owner.accountId(), 500, 3);
        String incident = as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                .body("items[0].severity", equalTo("down")).extract().path("items[0].id");
        assertThat(outbox(owner.accountId())).as("the outage raised the flapping incident").containsExactly(
                "incident.opened", "incident.updated");

        runs(owner.accountId(), 200, 2);
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("open"))
                .body("timeline.kind", hasItem("recovered"));

        MutableClock.INSTANCE.advance(Duration.ofMinutes(11));
        runs(owner.accountId(), 200, 1);
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1))
                .body("items[0].id", equalTo(incident)).body("items[0].state", equalTo("resolved"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.updated", "incident.resolved");
    }
}
