package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Monitors probed from several regions: each region's target is claimed only by nodes of that region, a
 * single region's failure is a note, a quorum confirms, fewer than a quorum recovers. Each region's node
 * is played by {@link ProbeEngine#runDue(UUID, String)}, the stub answering what that region would see.
 */
@QuarkusTest
class RegionsTest extends ProbeTestBase {

    private UUID regioned(TestTenants.Person owner, String path, List<String> regions) {
        return createMonitor(owner.writeKey(), Map.of("url", stub.url(path), "regions", regions, "failureThreshold", 1,
                "successThreshold", 1));
    }

    /** Moves the clock until the account has something due in {@code region}, and runs it as a node of that region would. */
    private ProbeEngine.Pass passIn(UUID account, String region) {
        for (int step = 0; step < 150; step++) {
            ProbeEngine.Pass pass = engine.runDue(account, region);
            if (pass.targets() > 0) {
                return pass;
            }
            MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        }
        throw new AssertionError("nothing of account " + account + " fell due in " + region + " within 5 min");
    }

    private static List<String> signals(ProbeEngine.Pass pass) {
        return pass.signals().stream().map(s -> s.source().code() + ":" + s.severity().code()).toList();
    }

    @Test
    void aMonitorShowsItsRegionsAndQuorumAndEachRegionGetsATargetOfItsOwn() {
        TestTenants.Person owner = tenants.owner("regions-shown");
        stub.reply("/r", Reply.of(200, "{}"));
        UUID id = regioned(owner, "/r", List.of("eu", "us", "ap"));

        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().statusCode(200)
                .body("regions", contains("eu", "us", "ap")).body("quorum", equalTo(2))
                .body("regionStatus.region", contains("ap", "eu", "us")).body("regionStatus.status", contains("pending", "pending", "pending"));
        assertThat(em.createNativeQuery("""
                select t.region from monitor_regions r join probe_targets t on t.id = r.target_id where r.monitor_id = ?1
                order by t.region""").setParameter(1, id).getResultList()).containsExactly("ap", "eu", "us");

        MutableClock.INSTANCE.advance(Duration.ofSeconds(31));
        assertThat(engine.runDue(owner.accountId()).targets()).as("a node of the default region claims no regional target").isZero();
        ProbeEngine.Pass eu = engine.runDue(owner.accountId(), "eu");
        assertThat(eu.runs()).singleElement().satisfies(run -> assertThat(run.region()).isEqualTo("eu"));
        assertThat(engine.runDue(owner.accountId(), "eu").targets()).as("claimed once").isZero();
        assertThat(engine.runDue(owner.accountId(), "us").runs()).singleElement().satisfies(run -> assertThat(run.region()).isEqualTo("us"));
        assertThat(stub.hits("/r")).isEqualTo(2);
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("up"))
                .body("regionStatus.find { it.region == 'eu' }.status", equalTo("up"));
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then().body("items", hasSize(2))
                .body("items.region", org.hamcrest.Matchers.containsInAnyOrder("eu", "us"));
    }

    @Test
    void oneRegionFailingIsANoteAQuorumOpensOneIncidentNamingTheRegionsAndFewerThanAQuorumResolvesIt() {
        TestTenants.Person owner = tenants.owner("regions-quorum");
        UUID account = owner.accountId();
        stub.reply("/q", Reply.of(503, "{\"error\":\"overloaded\"}"));
        UUID id = regioned(owner, "/q", List.of("eu", "us", "ap"));

        ProbeEngine.Pass eu = passIn(account, "eu");
        assertThat(signals(eu)).as("eu alone: a note, no alert").containsExactly("region:down");
        assertThat(eu.signals().get(0).reason()).startsWith("From eu only (an alert needs 2 of 3 regions): ");
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", empty());
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("pending"))
                .body("regionStatus.find { it.region == 'eu' }.status", equalTo("down"))
                .body("regionStatus.find { it.region == 'eu' }.reason", containsString("503"));

        ProbeEngine.Pass us = passIn(account, "us");
        assertThat(signals(us)).as("us agrees: the quorum confirms").containsExactly("probe:down");
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("status", equalTo("down"));
        String incident = as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                .body("items[0].reason", containsString("From eu and us (2 of 3 regions, quorum 2)"))
                .extract().path("items[0].id");

        stub.reply("/q", Reply.of(200, "{}"));
        assertThat(signals(passIn(account, "ap"))).as("ap sees it up: still a quorum down, nothing changes").isEmpty();

        stub.reply("/q", Reply.of(503, "{\"error\":\"overloaded\"}"));
        assertThat(signals(passIn(account, "ap"))).as("ap's own change is a note").containsExactly("region:down");
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("open"))
                .body("timeline.kind", hasItem("region"))
                .body("timeline.find { it.kind == 'region' }.detail", containsString("From ap only"));

        // Every region sees it answer again; the first run that leaves fewer than the quorum failing recovers it.
        stub.reply("/q", Reply.of(200, "{}"));
        List<Signal> recovered = new java.util.ArrayList<>();
        for (int round = 0; round < 6 && recovered.stream().noneMatch(sig -> sig.source() == Signal.Source.PROBE); round++) {
            for (String region : List.of("eu", "us", "ap")) {
                recovered.addAll(passIn(account, region).signals());
            }
        }
        assertThat(recovered.stream().filter(sig -> sig.source() == Signal.Source.PROBE)).as("one recovery").singleElement()
                .satisfies(ok -> {
                    assertThat(ok.severity().code()).isEqualTo("ok");
                    assertThat(ok.reason()).startsWith("Responding normally again from ");
                });
        as(owner.writeKey()).get("/api/v1/incidents/" + incident).then().body("state", equalTo("resolved"));
        as(owner.writeKey()).get("/api/v1/incidents").then().body("items", hasSize(1));
        assertThat(em.createNativeQuery("select count(*) from incident_events e join incidents i on i.id = e.incident_id"
                + " where i.account_id = ?1 and e.kind in ('opened', 'reopened')").setParameter(1, account).getSingleResult())
                .as("opened once for the whole problem").isEqualTo(1L);
    }

    @Test
    void twoRegionsRecordingAtOnceSeeEachOtherAndConfirmOnce() throws Exception {
        TestTenants.Person owner = tenants.owner("regions-concurrent");
        UUID account = owner.accountId();
        stub.reply("/c", Reply.of(500, "{}"));
        for (int i = 0; i < 8; i++) {
            createMonitor(owner.writeKey(), Map.of("url", stub.url("/c?m=" + i), "regions", List.of("eu", "us"), "failureThreshold", 1));
        }
        MutableClock.INSTANCE.advance(Duration.ofSeconds(31));

        // Two nodes of two regions record runs of the same monitors in concurrent transactions.
        var eu = CompletableFuture.supplyAsync(() -> engine.runDue(account, "eu"));
        var us = CompletableFuture.supplyAsync(() -> engine.runDue(account, "us"));
        List<Signal> raised = new java.util.ArrayList<>(eu.get().signals());
        raised.addAll(us.get().signals());

        assertThat(eu.get().runs()).hasSize(8);
        assertThat(us.get().runs()).hasSize(8);
        assertThat(raised.stream().filter(s -> s.source() == Signal.Source.PROBE)).as("each monitor confirmed once").hasSize(8);
        assertThat(raised.stream().filter(s -> s.source() == Signal.Source.REGION)).as("the first region of each, a note").hasSize(8);
        as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(8));
    }

    @Test
    void regionsAreCheckedAndCanBeChangedOrRemoved() {
        TestTenants.Person owner = tenants.owner("regions-rules");
        stub.reply("/v", Reply.of(200, "{}"));
        String url = stub.url("/v");
        as(owner.writeKey()).body(Map.of("url", url, "regions", List.of("eu", "mars"))).post("/api/v1/monitors").then().statusCode(400)
                .body("errors.field", contains("regions[1]")).body("errors[0].message", containsString("offered: default, eu, us, ap"));
        as(owner.writeKey()).body(Map.of("url", url, "regions", List.of("eu", "eu"))).post("/api/v1/monitors").then().statusCode(400)
                .body("errors.field", contains("regions[1]"));
        as(owner.writeKey()).body(Map.of("url", url, "regions", List.of("eu", "us"), "quorum", 3)).post("/api/v1/monitors").then()
                .statusCode(400).body("errors.field", contains("quorum"));
        as(owner.writeKey()).body(Map.of("url", url, "quorum", 1)).post("/api/v1/monitors").then().statusCode(400)
                .body("errors.field", contains("quorum"));
        as(owner.writeKey()).body("{\"url\":\"" + url + "\",\"regions\":\"eu\"}").post("/api/v1/monitors").then().statusCode(400);
        assertThat(as(owner.writeKey()).get("/api/v1/monitors").then().extract().<List<?>>path("items")).as("nothing half-written").isEmpty();

        UUID id = createMonitor(owner.writeKey(), Map.of("url", url, "regions", List.of("eu", "us", "ap"), "quorum", 1));
        @SuppressWarnings("unchecked")
        List<UUID> regionTargets = em.createNativeQuery("select target_id from monitor_regions where monitor_id = ?1", UUID.class)
                .setParameter(1, id).getResultList();
        assertThat(regionTargets).hasSize(3);
        as(owner.writeKey()).body(Map.of("regions", List.of("eu", "us"))).patch("/api/v1/monitors/" + id).then().statusCode(200)
                .body("quorum", equalTo(2)).body("regionStatus.region", contains("eu", "us"));
        as(owner.writeKey()).body(Map.of("regions", List.of())).patch("/api/v1/monitors/" + id).then().statusCode(200)
                .body("regions", empty()).body("quorum", nullValue()).body("regionStatus", empty());

        assertThat(em.createNativeQuery("select count(*) from probe_targets where id = any(?1) and next_run_at is not null")
                .setParameter(1, regionTargets.toArray(UUID[]::new)).getSingleResult()).as("the regional targets are off the schedule")
                .isEqualTo(0L);

        MutableClock.INSTANCE.advance(Duration.ofSeconds(31));
        assertThat(engine.runDue(owner.accountId(), "eu").runs()).as("probed as before, by a node of any region").singleElement()
                .satisfies(run -> assertThat(run.region()).isNull());
    }
}
