package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static dev.tocsin.probe.ProbeTestSupport.nextPass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Results and uptime over the API: paging, windows, rollups, retention and bad input. */
@QuarkusTest
class MonitorResultsApiTest {

    @Inject
    ProbeEngine engine;

    @Inject
    ProbeHousekeeping housekeeping;

    @Inject
    TestTenants tenants;

    @Test
    void resultsArePagedNewestFirst() {
        TestTenants.Person owner = tenants.owner("paging");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/r", Reply.of(200, "{}"));
            UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/r")));
            for (int i = 0; i < 3; i++) {
                nextPass(engine, owner.accountId());
                MutableClock.INSTANCE.advance(Duration.ofSeconds(50));
            }
            var first = as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results?limit=2").then().statusCode(200)
                    .body("items", hasSize(2)).extract();
            String next = first.path("next");
            String newest = first.path("items[0].startedAt");
            String older = first.path("items[1].startedAt");
            assertThat(newest).isGreaterThan(older);
            as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results?limit=2&cursor=" + next).then().statusCode(200)
                    .body("items", hasSize(1)).body("next", nullValue());
        }
    }

    @Test
    void uptimeOutlivesRawResultsThroughHourlyRollups() {
        TestTenants.Person owner = tenants.owner("rollups");
        try (StubServer stub = StubServer.start()) {
            stub.reply("/u", Reply.of(200, "{}"));
            UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/u")));
            nextPass(engine, owner.accountId());
            stub.reply("/u", Reply.of(500, "{}"));
            for (int i = 0; i < 3; i++) {
                nextPass(engine, owner.accountId());
            }
            as(owner.writeKey()).get("/api/v1/monitors/" + id + "/uptime?window=24h").then()
                    .body("probes", equalTo(4)).body("failures", equalTo(3)).body("uptimePercent", equalTo(25.0f));

            assertThat(housekeeping.rollUp(MutableClock.INSTANCE.instant().plus(Duration.ofHours(1)))).isPositive();
            MutableClock.INSTANCE.advance(Duration.ofDays(8));
            housekeeping.runOnce();

            as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results?from=2000-01-01T00:00:00Z").then()
                    .body("items", hasSize(0));
            as(owner.writeKey()).get("/api/v1/monitors/" + id + "/uptime?window=30d").then().statusCode(200)
                    .body("source", equalTo("rollup")).body("probes", equalTo(4)).body("failures", equalTo(3))
                    .body("uptimePercent", equalTo(25.0f));
            as(owner.writeKey()).get("/api/v1/monitors/" + id + "/uptime?window=7d").then()
                    .body("probes", equalTo(0)).body("uptimePercent", nullValue());
        }
    }

    @Test
    void badQueriesAreNamedFieldByField() {
        TestTenants.Cast cast = tenants.create();
        String path = "/api/v1/monitors/" + cast.monitorA();
        Map<String, String> cases = Map.of(
                path + "/results?from=yesterday", "from",
                path + "/results?to=2026-13-01T00:00:00Z", "to",
                path + "/results?from=2026-11-29T10:00:00Z&to=2026-11-29T09:00:00Z", "from",
                path + "/results?limit=0", "limit",
                path + "/results?limit=5000", "limit",
                path + "/results?cursor=not-a-cursor", "cursor",
                path + "/uptime?window=1y", "window");
        cases.forEach((url, field) -> as(cast.alice().writeKey()).get(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field)));
        as(cast.alice().writeKey()).get("/api/v1/monitors/" + UUID.randomUUID() + "/results").then().statusCode(404);
    }
}
