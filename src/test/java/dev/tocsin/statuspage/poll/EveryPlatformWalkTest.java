package dev.tocsin.statuspage.poll;

import static dev.tocsin.statuspage.poll.PollerTestSupport.as;
import static dev.tocsin.statuspage.poll.PollerTestSupport.createStatusPageMonitor;
import static dev.tocsin.statuspage.poll.PollerTestSupport.fixture;
import static dev.tocsin.statuspage.poll.PollerTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each platform's fixtures served by a real local HTTP server at the path the platform publishes, the
 * page detected from its URL alone, then walked operational → degraded → major outage → resolved through
 * the poller: exactly these signals, in the vendor's words, and one incident that opens and resolves.
 */
@QuarkusTest
class EveryPlatformWalkTest extends PollerTestBase {

    private static final String TITLE = "Elevated error rates on Chat Completions";
    private static final List<String> STATES = List.of("operational", "degraded", "major", "resolved");

    static Stream<Arguments> platforms() {
        List<List<String>> withComponents = List.of(
                List.of(),
                List.of("degraded: Chat Completions: degraded performance", "degraded: " + TITLE),
                List.of("down: Chat Completions: major outage", "down: " + TITLE),
                List.of("ok: Chat Completions: operational", "ok: Resolved: " + TITLE));
        List<List<String>> incidentsOnly = List.of(
                List.of(),
                List.of("degraded: " + TITLE),
                List.of("down: " + TITLE),
                List.of("ok: Resolved: " + TITLE));
        // A feed publishes no impact, so an update cannot say the outage got worse: it stays degraded.
        List<List<String>> feed = List.of(
                List.of(),
                List.of("degraded: " + TITLE),
                List.of("degraded: " + TITLE),
                List.of("ok: Resolved: " + TITLE));
        return Stream.of(
                arguments("statuspage-v2", "/api/v2/summary.json", "json", "statuspage-v2", withComponents),
                // Same endpoint and body as Statuspage: detection cannot tell them apart (docs/statuspage.md).
                arguments("incident-io", "/api/v2/summary.json", "json", "statuspage-v2", withComponents),
                arguments("instatus", "/summary.json", "json", "instatus", incidentsOnly),
                arguments("betterstack", "/index.json", "json", "betterstack", withComponents),
                arguments("rootly", "/api/v1/status.json", "json", "rootly", incidentsOnly),
                arguments("rss", "/history.rss", "xml", "rss", feed),
                arguments("atom", "/history.rss", "xml", "rss", feed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void walkingOperationalToResolvedRaisesExactlyTheVendorsWords(String fixtures, String path, String extension,
                                                                 String detected, List<List<String>> expected) {
        TestTenants.Person owner = tenants.owner("walk-" + fixtures);
        String page = "/" + fixtures + "-page";
        serve(page + path, fixtures, "operational", extension);
        UUID monitor = createStatusPageMonitor(owner.writeKey(), Map.of("type", "statuspage", "name", "Acme status",
                "url", stub.url(page + "/")));
        as(owner.writeKey()).get("/api/v1/monitors/" + monitor).then().statusCode(200)
                .body("statusPage.platform", equalTo(detected));

        for (int step = 0; step < STATES.size(); step++) {
            serve(page + path, fixtures, STATES.get(step), extension);
            MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
            assertThat(render(poller.runDue(owner.accountId()).signals())).as(STATES.get(step)).isEqualTo(expected.get(step));
            if (step == 1) {
                as(owner.writeKey()).get("/api/v1/incidents?state=open").then().statusCode(200).body("items", hasSize(1))
                        .body("items[0].vendorIncident", equalTo(TITLE)).body("items[0].severity", equalTo("degraded"));
            }
            if (step == 2) {
                String worst = expected.get(2).get(0).substring(0, expected.get(2).get(0).indexOf(':'));
                as(owner.writeKey()).get("/api/v1/incidents?state=open").then().body("items", hasSize(1))
                        .body("items[0].severity", equalTo(worst));
            }
        }
        as(owner.writeKey()).get("/api/v1/incidents").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].state", equalTo("resolved"));
    }

    private void serve(String path, String fixtures, String state, String extension) {
        String type = extension.equals("json") ? "application/json" : "application/rss+xml";
        stub.reply(path, Reply.of(200, fixture(fixtures + "/" + state + "." + extension)).with("Content-Type", type));
    }
}
