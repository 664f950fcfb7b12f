package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.incident.IncidentService;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentsPageTest {

    @Inject
    TestTenants tenants;

    @Inject
    IncidentService incidents;

    @Inject
    Monitors monitors;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    dev.tocsin.probe.ResultPartitions partitions;

    @Test
    void aMemberSeesTheIncidentWithItsTimelineAndAcknowledgesIt() {
        TestTenants.Person owner = tenants.owner("pages");
        UUID monitor = QuarkusTransaction.requiringNew().call(() -> monitors.create(owner.accountId(), new MonitorDraft(
                "Checkout API", null, null, "https://checkout.example.com/health", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null)).id);
        // The failing run the signal confirms, with a body that must be escaped on the page.
        partitions.ensure(List.of(dev.tocsin.probe.ResultPartitions.day(MutableClock.INSTANCE.instant())));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into probe_results (monitor_id, due_at, started_at, outcome, cause, http_status, latency_ms, recheck, body_excerpt)
                values (?1, ?2, ?2, 'down', 'timeout', null, 15000, false, '<b>gateway</b> timed out')""")
                .setParameter(1, monitor).setParameter(2, MutableClock.INSTANCE.instant()).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(List.of(new Signal(UUID.randomUUID(), owner.accountId(), monitor,
                Signal.Source.PROBE, Severity.DOWN, "timeout", "No response before the timeout", "Retry later",
                MutableClock.INSTANCE.instant()))));

        PageClient browser = new PageClient();
        assertThat(browser.post("/login", Map.of("email", owner.email(), "password", TestTenants.PASSWORD)).statusCode()).isEqualTo(303);
        String list = browser.get("/app/incidents?state=open").body().asString();
        assertThat(list).contains("Checkout API failing").contains("No response before the timeout");
        String id = list.replaceAll("(?s).*href=\"/app/incidents/([0-9a-f-]{36})\".*", "$1");

        String detail = browser.get("/app/incidents/" + id).body().asString();
        assertThat(detail).contains("id=\"acknowledge\"").contains("opened")
                .contains("No HTTP answer after 15000 ms").contains("&lt;b&gt;gateway&lt;/b&gt; timed out").doesNotContain("<b>gateway");
        assertThat(browser.post("/app/incidents/" + id + "/acknowledge", Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/app/incidents/" + id).body().asString())
                .contains("<strong id=\"incident-state\">acknowledged</strong>").contains("Acknowledged by " + owner.email());
        assertThat(browser.postWithoutCsrf("/app/incidents/" + id + "/resolve", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.get("/app/incidents/" + id).body().asString()).contains("<strong id=\"incident-state\">acknowledged</strong>");
        assertThat(browser.post("/app/incidents/" + id + "/resolve", Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/app/incidents/" + id).body().asString()).contains("<strong id=\"incident-state\">resolved</strong>");

        PageClient stranger = new PageClient();
        TestTenants.Person other = tenants.owner("stranger");
        stranger.post("/login", Map.of("email", other.email(), "password", TestTenants.PASSWORD));
        assertThat(stranger.get("/app/incidents/" + id).statusCode()).isEqualTo(404);
    }
}
