package dev.tocsin.notify.channel;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.incident.IncidentService;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoutesApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    IncidentService incidents;

    @Inject
    EntityManager em;

    private void signal(UUID account, UUID monitor, Severity severity) {
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(new Signal(UUID.randomUUID(), account, monitor,
                Signal.Source.PROBE, severity, "server_error", "HTTP 500", null, MutableClock.INSTANCE.instant()))));
    }

    private List<String> outboxChannels(UUID account) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select channel_id::text from outbox where account_id = ?1 order by created_at", String.class)
                .setParameter(1, account).getResultList());
    }

    @Test
    void aRouteSendsOnlyTheMonitorsAndSeveritiesItNames() {
        TestTenants.Cast cast = tenants.create();
        String key = cast.alice().writeKey();
        String defaultRoute = as(key).get("/api/v1/routes").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].monitorIds", hasSize(0)).body("items[0].reminderSeconds", equalTo(14400)).extract().path("items[0].id");
        as(key).delete("/api/v1/routes/" + defaultRoute).then().statusCode(204);
        String hook = as(key).body(Map.of("type", "webhook", "target", "https://hooks.example.com/a")).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
        List<String> autoRoutes = as(key).get("/api/v1/routes").then().extract().path("items.id");
        autoRoutes.forEach(id -> as(key).delete("/api/v1/routes/" + id).then().statusCode(204));
        UUID other = UUID.fromString(as(key).body(Map.of("name", "Other", "url", "https://other.example.com/")).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id"));

        as(key).body(Map.of("channelId", hook, "monitorIds", List.of(cast.monitorA()), "minSeverity", "down", "reminderSeconds", 0))
                .post("/api/v1/routes").then().statusCode(201).body("monitorIds", hasItems(cast.monitorA().toString()))
                .body("minSeverity", equalTo("down"));

        signal(cast.accountA(), other, Severity.DOWN);
        signal(cast.accountA(), cast.monitorA(), Severity.DEGRADED);
        assertThat(outboxChannels(cast.accountA())).as("another monitor, and a degraded one: nothing").isEmpty();
        signal(cast.accountA(), cast.monitorA(), Severity.DOWN);
        assertThat(outboxChannels(cast.accountA())).containsExactly(hook);
    }

    @Test
    void routesNameOnlyTheAccountsOwnChannelsAndMonitorsAndValidValues() {
        TestTenants.Cast cast = tenants.create();
        String key = cast.charlie().writeKey();
        String aliceChannel = as(cast.alice().writeKey()).get("/api/v1/channels").then().extract().path("items[0].id");
        String charlieChannel = as(key).get("/api/v1/channels").then().extract().path("items[0].id");
        Map<String, Map<String, Object>> cases = Map.of(
                "channelId", Map.of("channelId", aliceChannel),
                "monitorIds", Map.of("channelId", charlieChannel, "monitorIds", List.of(cast.monitorA())),
                "providers", Map.of("channelId", charlieChannel, "providers", List.of("nope-ai")),
                "minSeverity", Map.of("channelId", charlieChannel, "minSeverity", "critical"),
                "reminderSeconds", Map.of("channelId", charlieChannel, "reminderSeconds", 5));
        cases.forEach((field, body) -> as(key).body(body).post("/api/v1/routes").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field)));
        as(key).body("{\"channelId\": 7}").post("/api/v1/routes").then().statusCode(400);
        as(key).body(Map.of("providers", List.of("mistral"))).post("/api/v1/routes").then().statusCode(400)
                .body("errors[0].field", equalTo("channelId"));
        as(key).get("/api/v1/routes").then().body("items", hasSize(1));

        String route = as(key).body(Map.of("channelId", charlieChannel, "providers", List.of("mistral"), "tags", List.of("prod")))
                .post("/api/v1/routes").then().statusCode(201).extract().path("id");
        as(key).body(Map.of("minSeverity", "down")).patch("/api/v1/routes/" + route).then().statusCode(200)
                .body("minSeverity", equalTo("down")).body("providers", hasItems("mistral")).body("tags", hasItems("prod"));
        as(cast.alice().writeKey()).get("/api/v1/routes/" + route).then().statusCode(404);
        as(cast.alice().writeKey()).body(Map.of("minSeverity", "degraded")).patch("/api/v1/routes/" + route).then().statusCode(404);
        as(cast.alice().writeKey()).delete("/api/v1/routes/" + route).then().statusCode(404);
        as(key).get("/api/v1/routes/" + route).then().statusCode(200).body("minSeverity", equalTo("down"));
    }
}
