package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.incident.MaintenanceWindows;
import dev.tocsin.notify.channel.Route;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pages' side of the tenant walk: every page that takes an id answers 404 for another account's id, and changes nothing. */
@QuarkusTest
class WebTenantIsolationTest {

    @Inject
    TestTenants tenants;

    @Inject
    MaintenanceWindows windows;

    @Test
    void everyPageWithAnIdAnswers404ForAnotherAccountsObject() {
        TestTenants.Cast cast = tenants.create();
        UUID monitor = cast.monitorA();
        UUID route = QuarkusTransaction.requiringNew().call(() -> Route.<Route>find("accountId", cast.accountA()).firstResult().id);
        UUID window = QuarkusTransaction.requiringNew().call(() -> windows.create(cast.accountA(), new MaintenanceWindows.Draft(null, null,
                MutableClock.INSTANCE.instant(), MutableClock.INSTANCE.instant().plus(Duration.ofHours(1)), "A's window")).id);

        PageClient charlie = new PageClient();
        assertThat(charlie.post("/login", Map.of("email", cast.charlie().email(), "password", TestTenants.PASSWORD)).statusCode()).isEqualTo(303);
        for (String path : new String[] {"/app/monitors/" + monitor, "/app/monitors/" + monitor + "/edit",
                "/app/monitors/" + monitor + "/delete", "/app/routes/" + route, "/app/maintenance/" + window,
                "/app/incidents/" + UUID.randomUUID()}) {
            assertThat(charlie.get(path).statusCode()).as("GET %s", path).isEqualTo(404);
        }
        for (String path : new String[] {"/app/monitors/" + monitor, "/app/monitors/" + monitor + "/pause",
                "/app/monitors/" + monitor + "/resume", "/app/monitors/" + monitor + "/delete", "/app/routes/" + route,
                "/app/routes/" + route + "/delete", "/app/maintenance/" + window, "/app/maintenance/" + window + "/delete"}) {
            assertThat(charlie.post(path, Map.of("name", "taken over", "reason", "taken over")).statusCode()).as("POST %s", path).isEqualTo(404);
        }

        PageClient alice = new PageClient();
        alice.post("/login", Map.of("email", cast.alice().email(), "password", TestTenants.PASSWORD));
        assertThat(alice.get("/app/monitors/" + monitor).body().asString()).contains("A&#39;s monitor").doesNotContain("taken over");
        assertThat(alice.get("/app/maintenance/" + window).body().asString()).contains("A&#39;s window");
        assertThat(alice.get("/app/routes/" + route).statusCode()).isEqualTo(200);
    }
}
