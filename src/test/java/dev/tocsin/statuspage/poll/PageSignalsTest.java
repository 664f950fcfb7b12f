package dev.tocsin.statuspage.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.signal.Signal;
import dev.tocsin.statuspage.Component;
import dev.tocsin.statuspage.ComponentState;
import dev.tocsin.statuspage.StatusChanges;
import dev.tocsin.statuspage.StatusPages;
import dev.tocsin.statuspage.StatusSnapshot;
import dev.tocsin.statuspage.UnreadableStatusPage;
import dev.tocsin.statuspage.VendorIncident;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pure parts of polling: signals from changes, the stored snapshot form, URL spelling, settings. */
class PageSignalsTest {

    private static final PageSignals.Subscriber ALL = new PageSignals.Subscriber(UUID.randomUUID(), UUID.randomUUID(), null,
            Set.of(), true);
    private static final Instant NOW = Instant.parse("2025-03-04T10:10:00Z");

    private static StatusSnapshot v2(String name) {
        try {
            return StatusPages.adapterFor(StatusPlatform.STATUSPAGE_V2)
                    .parse(PollerTestSupport.fixture("statuspage-v2/" + name + ".json").getBytes(StandardCharsets.UTF_8));
        } catch (UnreadableStatusPage e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> signals(PageSignals.Subscriber subscriber, StatusSnapshot before, StatusSnapshot after) {
        return PollerTestSupport.render(PageSignals.of(subscriber,
                StatusChanges.between(before, after, subscriber.components()), after, NOW));
    }

    @Test
    void aDegradedComponentAndAMinorIncidentAreDegradedAndAMajorOneIsDown() {
        assertThat(signals(ALL, v2("operational"), v2("degraded"))).containsExactly(
                "degraded: Chat Completions: degraded performance", "degraded: Elevated error rates on Chat Completions");
        assertThat(signals(ALL, v2("degraded"), v2("major"))).containsExactly(
                "down: Chat Completions: major outage", "down: Elevated error rates on Chat Completions");
    }

    @Test
    void aComponentRecoveringWhileTheIncidentStaysOpenIsNotAnAllClear() {
        StatusSnapshot degraded = v2("degraded");
        StatusSnapshot componentBack = new StatusSnapshot(degraded.indicator(),
                degraded.components().stream().map(c -> new Component(c.id(), c.name(), ComponentState.OPERATIONAL)).toList(),
                degraded.incidents(), degraded.maintenances());
        assertThat(signals(ALL, degraded, componentBack)).isEmpty();
        assertThat(signals(ALL, componentBack, v2("resolved"))).containsExactly(
                "ok: Resolved: Elevated error rates on Chat Completions");
    }

    @Test
    void signalsCarryTheMonitorTheSourceAndOneCause() {
        Signal signal = PageSignals.of(ALL, StatusChanges.between(null, v2("major"), Set.of()), v2("major"), NOW).get(1);
        assertThat(signal.source()).isEqualTo(Signal.Source.STATUSPAGE);
        assertThat(signal.cause()).isEqualTo("vendor");
        assertThat(signal.monitorId()).isEqualTo(ALL.monitorId());
        assertThat(signal.remedy()).startsWith("The vendor says: ");
        assertThat(signal.observedAt()).isEqualTo(NOW);
    }

    @Test
    void anOpenIncidentWithoutARatingIsStillAProblem() {
        assertThat(PageSignals.severity(VendorIncident.Impact.UNKNOWN)).isEqualTo(dev.tocsin.signal.Severity.DEGRADED);
        assertThat(PageSignals.severity(VendorIncident.Impact.CRITICAL)).isEqualTo(dev.tocsin.signal.Severity.DOWN);
    }

    @ParameterizedTest
    @CsvSource({"operational", "degraded", "major", "resolved", "maintenance"})
    void aSnapshotReadsBackAsItWasStored(String fixture) {
        StatusSnapshot snapshot = v2(fixture);
        assertThat(SnapshotJson.read(SnapshotJson.write(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void aStoredSnapshotOfAnOlderShapeCountsAsNone() {
        assertThat(SnapshotJson.read("{\"indicator\": 42, \"components\": \"x\"}")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "HTTPS://Status.Example.com/,            https://status.example.com",
            "https://status.example.com:443/status/, https://status.example.com/status",
            "http://status.example.com:8080#top,     http://status.example.com:8080",
            "https://status.example.com/feed.rss?x=1, https://status.example.com/feed.rss?x=1"})
    void onePageHasOneSpelling(String given, String normalized) {
        assertThat(PageUrls.normalize(given)).hasValueSatisfying(uri -> assertThat(uri).hasToString(normalized));
    }

    @Test
    void aPollIntervalUnder30SecondsStopsTheStart() {
        assertThatThrownBy(() -> StatusPageConfig.check(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("tocsin.status-pages.poll-interval must be at least 30s");
        assertThatThrownBy(() -> StatusPageConfig.check(Duration.ofSeconds(30), Duration.ofSeconds(31)))
                .hasMessageContaining("tocsin.status-pages.timeout");
        StatusPageConfig.check(Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} watching [{1}] → {2}")
    @CsvSource({"operational, '', UP", "degraded, '', DEGRADED", "major, '', DOWN", "resolved, '', UP",
            "degraded, Embeddings, UP", "major, chat completions, DOWN"})
    void aStatuspageMonitorsStatusFollowsWhatItWatchesByTheRuleOfItsSignals(String fixture, String watched, MonitorStatus expected) {
        Set<String> filter = watched.isEmpty() ? Set.of() : Set.of(watched);

        assertThat(PageSignals.status(v2(fixture), filter)).isEqualTo(expected);
    }
}
