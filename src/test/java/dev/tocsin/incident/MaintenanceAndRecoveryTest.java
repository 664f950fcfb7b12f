package dev.tocsin.incident;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.ProbeRuns;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a maintenance window keeps quiet and hands over when it ends, and what "up again" clears. */
@QuarkusTest
class MaintenanceAndRecoveryTest extends IncidentTestBase {

    @Inject
    MaintenanceEnds ends;

    @Inject
    IncidentService incidents;

    private UUID failingMonitorInAWindow(TestTenants.Person owner, String path) {
        stub.reply(path, Reply.of(500, "{}"));
        UUID id = UUID.fromString(as(owner.writeKey()).body(Map.of("url", stub.url(path), "failureThreshold", 1))
                .post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
        Instant now = MutableClock.INSTANCE.instant();
        as(owner.writeKey()).body(Map.of("monitorId", id, "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(Duration.ofMinutes(30)).toString(), "reason", "Database upgrade"))
                .post("/api/v1/maintenance-windows").then().statusCode(201);
        ProbeRuns.run(engine, owner.accountId(), 1);
        return id;
    }

    @Test
    void aWindowShowsWhatItKeptQuietAndAMonitorStillDownWhenItEndsOpensItsIncidentOnce() {
        TestTenants.Person owner = tenants.owner("handover");
        UUID monitor = failingMonitorInAWindow(owner, "/still-down");
        String window = as(owner.writeKey()).get("/api/v1/maintenance-windows").then().extract().path("items[0].id");
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(0));
        as(owner.writeKey()).get("/api/v1/maintenance-windows/" + window).then().statusCode(200)
                .body("window.reason", equalTo("Database upgrade"))
                .body("suppressed", hasSize(1)).body("suppressed[0].monitorId", equalTo(monitor.toString()))
                .body("suppressed[0].severity", equalTo("down")).body("suppressed[0].cause", equalTo("server_error"));
        assertThat(ends.runOnce(owner.accountId())).as("the window has not ended").isZero();

        MutableClock.INSTANCE.advance(Duration.ofMinutes(31));
        assertThat(ends.runOnce(owner.accountId())).isEqualTo(1);
        assertThat(ends.runOnce(owner.accountId())).as("each end is handled once").isZero();

        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                .body("items[0].monitorIds[0]", equalTo(monitor.toString()))
                .body("items[0].reason", org.hamcrest.Matchers.startsWith("Still failing when the maintenance window ended"));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");
    }

    @Test
    void deletingARunningWindowEndsItNowAndAMonitorStillDownOpensItsIncident() {
        TestTenants.Person owner = tenants.owner("deletewindow");
        UUID monitor = failingMonitorInAWindow(owner, "/down-then-window-deleted");
        String window = as(owner.writeKey()).get("/api/v1/maintenance-windows").then().extract().path("items[0].id");
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(0));

        as(owner.writeKey()).delete("/api/v1/maintenance-windows/" + window).then().statusCode(204);

        as(owner.writeKey()).get("/api/v1/maintenance-windows/" + window).then().statusCode(404);
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                .body("items[0].monitorIds[0]", equalTo(monitor.toString()));
        assertThat(outbox(owner.accountId())).containsExactly("incident.opened");
        MutableClock.INSTANCE.advance(Duration.ofMinutes(31));
        assertThat(ends.runOnce(owner.accountId())).as("nothing is handed over twice").isZero();
    }

    @Test
    void aMonitorThatRecoveredInsideItsWindowOpensNothingWhenTheWindowEnds() {
        TestTenants.Person owner = tenants.owner("recovered");
        failingMonitorInAWindow(owner, "/recovers");
        stub.reply("/recovers", Reply.of(200, "{}"));
        ProbeRuns.run(engine, owner.accountId(), 2);

        MutableClock.INSTANCE.advance(Duration.ofMinutes(31));
        assertThat(ends.runOnce(owner.accountId())).isZero();
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(0));
        assertThat(outbox(owner.accountId())).isEmpty();
    }

    @Test
    void upAgainResolvesEveryProbeIncidentOfTheMonitorNotOnlyTheLastCauses() {
        TestTenants.Person owner = tenants.owner("two-causes");
        UUID monitor = UUID.fromString(as(owner.writeKey()).body(Map.of("url", "https://api.example.com/")).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id"));
        signal(owner.accountId(), monitor, Severity.DEGRADED, "slow", "Slower than 3000 ms");
        signal(owner.accountId(), monitor, Severity.DOWN, "auth", "HTTP 401: invalid key");
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(2));

        signal(owner.accountId(), monitor, Severity.OK, "auth", "Responding normally again");

        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(0));
        as(owner.writeKey()).get("/api/v1/incidents?state=resolved").then().body("items", hasSize(2))
                .body("items.resolvedBy", everyItem(equalTo("auto")));
    }

    private void signal(UUID account, UUID monitor, Severity severity, String cause, String reason) {
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(new Signal(UUID.randomUUID(), account, monitor,
                Signal.Source.PROBE, severity, cause, reason, null, MutableClock.INSTANCE.instant()))));
    }
}
