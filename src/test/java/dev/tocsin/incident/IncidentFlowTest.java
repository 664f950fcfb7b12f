package dev.tocsin.incident;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Probes to incidents to outbox rows, through the real engine, API and pages. */
@QuarkusTest
class IncidentFlowTest extends IncidentTestBase {

    @Inject
    Reminders reminders;

    @Inject
    IncidentLinks links;

    private static UUID monitor(String key, Map<String, Object> body) {
        return UUID.fromString(as(key).body(body).post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
    }

    @Test
    void anOutageOpensOneIncidentThatResolvesOnRecoveryWithOneAlertEach() {
        TestTenants.Person owner = tenants.owner("flow");
        stub.reply("/api", Reply.of(503, "{\"message\":\"Service overloaded\"}"));
        UUID id = monitor(owner.writeKey(), Map.of("name", "Payments API", "url", stub.url("/api")));
        probe(owner.accountId(), 3);

        var list = as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].title", equalTo("Payments API failing"))
                .body("items[0].cause", equalTo("overloaded")).extract();
        assertThat(list.<Integer>path("items[0].signalCount")).isEqualTo(1);
        String incident = list.path("items[0].id");
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");

        stub.reply("/api", Reply.of(200, "{}"));
        probe(owner.accountId(), 2);
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().statusCode(200)
                .body("state", equalTo("resolved")).body("resolvedBy", equalTo("auto"))
                .body("monitorIds", hasItems(id.toString()))
                .body("timeline.kind", hasItems("opened", "recovered", "resolved"))
                .body("lastResponse.httpStatus", equalTo(503))
                .body("lastResponse.excerpt", equalTo("{\"message\":\"Service overloaded\"}"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.resolved");
    }

    private static int monitorsDown(String key) {
        List<String> statuses = as(key).get("/api/v1/monitors").then().statusCode(200).extract().path("items.status");
        return (int) statuses.stream().filter("down"::equals).count();
    }

    @Test
    void aProvidersMonitorsFoldIntoOneIncident() {
        TestTenants.Person owner = tenants.owner("grouping");
        stub.reply("/v1/models", Reply.of(503, "{\"object\":\"error\",\"message\":\"Service unavailable\"}"));
        for (String key : List.of("sk-one", "sk-two", "sk-three")) {
            monitor(owner.writeKey(), Map.of("provider", "mistral", "credential", key, "url", stub.url("/v1/models"),
                    "models", List.of()));
        }
        // Each monitor confirms after its own three failures, whenever its first run fell: probe until all have.
        for (int step = 0; step < 40 && monitorsDown(owner.writeKey()) < 3; step++) {
            probe(owner.accountId(), 1);
        }
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1))
                .body("items[0].title", equalTo("Mistral AI API failing"))
                .body("items[0].monitorIds", hasSize(3)).body("items[0].affectedMonitorIds", hasSize(3));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");
    }

    @Test
    void aProblemBackWithinTheFlapWindowReopensTheSameIncidentWithoutASecondAlert() {
        TestTenants.Person owner = tenants.owner("flapping");
        stub.reply("/f", Reply.of(500, "{}"));
        monitor(owner.writeKey(), Map.of("url", stub.url("/f"), "failureThreshold", 1, "successThreshold", 1));
        probe(owner.accountId(), 1);
        stub.reply("/f", Reply.of(200, "{}"));
        MutableClock.INSTANCE.advance(Duration.ofSeconds(60));
        probe(owner.accountId(), 1);
        stub.reply("/f", Reply.of(500, "{}"));
        MutableClock.INSTANCE.advance(Duration.ofSeconds(60));
        probe(owner.accountId(), 1);

        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1))
                .body("items[0].state", equalTo("open"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.resolved");
    }

    @Test
    void signalsInsideAMaintenanceWindowOpenNothing() {
        TestTenants.Person owner = tenants.owner("maintenance");
        stub.reply("/m", Reply.of(500, "{}"));
        UUID id = monitor(owner.writeKey(), Map.of("url", stub.url("/m"), "failureThreshold", 1));
        Instant now = MutableClock.INSTANCE.instant();
        String window = as(owner.writeKey()).body(Map.of("monitorId", id, "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofMinutes(30)).toString(), "reason", "Database upgrade"))
                .post("/api/v1/maintenance-windows").then().statusCode(201).body("source", equalTo("api")).extract().path("id");
        probe(owner.accountId(), 1);
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(0));
        assertThat(outbox(owner.accountId())).isEmpty();
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("down"));

        as(owner.writeKey()).get("/api/v1/maintenance-windows").then().body("items[0].reason", equalTo("Database upgrade"));
        as(owner.writeKey()).delete("/api/v1/maintenance-windows/" + window).then().statusCode(204);
        as(owner.writeKey()).delete("/api/v1/maintenance-windows/" + window).then().statusCode(404);
    }

    @Test
    void acknowledgeAndResolveFromTheApiEachAlertOnce() {
        TestTenants.Person owner = tenants.owner("acting");
        stub.reply("/a", Reply.of(500, "{}"));
        monitor(owner.writeKey(), Map.of("url", stub.url("/a"), "failureThreshold", 1));
        probe(owner.accountId(), 1);
        String incident = as(owner.writeKey()).get("/api/v1/incidents").then().extract().path("items[0].id");

        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200)
                .body("state", equalTo("acknowledged")).body("timeline.kind", hasItems("acknowledged"));
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200)
                .body("state", equalTo("resolved"));
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.acknowledged", "incident.resolved");
        as(owner.writeKey()).get("/api/v1/incidents?state=everything").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    @Test
    void remindersFollowTheRouteIntervalWhileOpenAndStopOnAcknowledge() {
        TestTenants.Person owner = tenants.owner("reminded");
        stub.reply("/r", Reply.of(500, "{}"));
        monitor(owner.writeKey(), Map.of("url", stub.url("/r"), "failureThreshold", 1));
        probe(owner.accountId(), 1);
        reminders.runOnce();
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");
        MutableClock.INSTANCE.advance(Duration.ofHours(4));
        reminders.runOnce();
        reminders.runOnce();
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.reminder");

        String incident = as(owner.writeKey()).get("/api/v1/incidents").then().extract().path("items[0].id");
        as(owner.writeKey()).post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);
        MutableClock.INSTANCE.advance(Duration.ofHours(5));
        reminders.runOnce();
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened", "incident.reminder", "incident.acknowledged");
    }

    @Test
    void theSignedEmailLinkAcknowledgesOnceAndRefusesForgedExpiredOrReusedLinks() {
        TestTenants.Person owner = tenants.owner("linked");
        stub.reply("/l", Reply.of(500, "{}"));
        monitor(owner.writeKey(), Map.of("name", "Linked API", "url", stub.url("/l"), "failureThreshold", 1));
        probe(owner.accountId(), 1);
        UUID incident = UUID.fromString(as(owner.writeKey()).get("/api/v1/incidents").then().extract().path("items[0].id"));
        String url = links.acknowledgeUrl(incident);
        String path = url.substring(url.indexOf("/incidents/"));

        PageClient browser = new PageClient();
        var page = browser.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().asString()).contains("Linked API failing").contains("Acknowledge");
        String token = path.substring(path.indexOf("token=") + 6);
        var done = browser.post("/incidents/" + incident + "/acknowledge", Map.of("token", token));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body().asString()).contains("Acknowledged by email link");
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("acknowledged"));

        var reused = browser.post("/incidents/" + incident + "/acknowledge", Map.of("token", token));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body().asString()).contains("already used");
        var forged = browser.get("/incidents/" + incident + "/acknowledge?token=" + token.substring(0, token.length() - 4) + "AAAA");
        assertThat(forged.statusCode()).isEqualTo(400);
        var otherIncident = browser.get("/incidents/" + UUID.randomUUID() + "/acknowledge?token=" + token);
        assertThat(otherIncident.statusCode()).isEqualTo(400);

        String fresh = links.acknowledgeUrl(incident);
        MutableClock.INSTANCE.advance(Duration.ofDays(8));
        var expired = browser.get(fresh.substring(fresh.indexOf("/incidents/")));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body().asString()).contains("expired");
    }

    @Test
    void aForgedOrExpiredLinkPostedChangesNothing() {
        TestTenants.Person owner = tenants.owner("unlinked");
        stub.reply("/u", Reply.of(500, "{}"));
        monitor(owner.writeKey(), Map.of("name", "Unlinked API", "url", stub.url("/u"), "failureThreshold", 1));
        probe(owner.accountId(), 1);
        UUID incident = UUID.fromString(as(owner.writeKey()).get("/api/v1/incidents").then().extract().path("items[0].id"));
        String url = links.acknowledgeUrl(incident);
        String token = url.substring(url.indexOf("token=") + 6);
        PageClient browser = new PageClient();

        var forged = browser.post("/incidents/" + incident + "/acknowledge", Map.of("token", token.substring(0, token.length() - 4) + "AAAA"));
        assertThat(forged.statusCode()).isEqualTo(400);
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("open"));

        MutableClock.INSTANCE.advance(Duration.ofDays(8));
        var expired = browser.post("/incidents/" + incident + "/acknowledge", Map.of("token", token));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body().asString()).contains("expired");
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("open"))
                .body("acknowledgedAt", org.hamcrest.Matchers.nullValue());
        assertThat(outbox(owner.accountId())).as("no acknowledgement went out").containsExactly("incident.opened");
    }
}
