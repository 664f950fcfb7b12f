package dev.tocsin.statuspage;

import static dev.tocsin.catalog.StatusPlatform.BETTERSTACK;
import static dev.tocsin.catalog.StatusPlatform.INCIDENT_IO;
import static dev.tocsin.catalog.StatusPlatform.INSTATUS;
import static dev.tocsin.catalog.StatusPlatform.ROOTLY;
import static dev.tocsin.catalog.StatusPlatform.RSS;
import static dev.tocsin.catalog.StatusPlatform.STATUSPAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.catalog.StatusPlatform;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusChangesTest {

    private static final String TITLE = "Elevated error rates on Chat Completions";
    private static final List<String> STATES = List.of("operational", "degraded", "major", "resolved");

    /** For each platform: the changes from the first read, then for each step of operational → degraded → major → resolved. */
    static Stream<Arguments> walks() {
        List<List<String>> withComponents = List.of(
                List.of(),
                List.of("Chat Completions: OPERATIONAL -> DEGRADED", "opened: " + TITLE + " [INVESTIGATING]"),
                List.of("Chat Completions: DEGRADED -> MAJOR_OUTAGE", "updated: " + TITLE + " [IDENTIFIED]"),
                List.of("Chat Completions: MAJOR_OUTAGE -> OPERATIONAL", "resolved: " + TITLE));
        List<List<String>> incidentsOnly = List.of(
                List.of(),
                List.of("opened: " + TITLE + " [INVESTIGATING]"),
                List.of("updated: " + TITLE + " [IDENTIFIED]"),
                List.of("resolved: " + TITLE));
        return Stream.of(
                arguments(STATUSPAGE_V2, "statuspage-v2/%s.json", withComponents),
                arguments(INCIDENT_IO, "incident-io/%s.json", withComponents),
                arguments(INSTATUS, "instatus/%s.json", incidentsOnly),
                arguments(BETTERSTACK, "betterstack/%s.json", List.of(
                        List.of(),
                        List.of("Chat Completions: OPERATIONAL -> DEGRADED", "opened: " + TITLE + " [UNKNOWN]"),
                        // No phase is published, so the impact rising is what makes it an update.
                        List.of("Chat Completions: DEGRADED -> MAJOR_OUTAGE", "updated: " + TITLE + " [UNKNOWN]"),
                        List.of("Chat Completions: MAJOR_OUTAGE -> OPERATIONAL", "resolved: " + TITLE))),
                arguments(ROOTLY, "rootly/%s.json", incidentsOnly),
                arguments(RSS, "rss/%s.xml", incidentsOnly),
                arguments(RSS, "atom/%s.xml", incidentsOnly));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("walks")
    void walkingFromOperationalToResolvedYieldsExactlyTheseChanges(StatusPlatform platform, String pattern, List<List<String>> expected) {
        StatusSnapshot previous = null;
        for (int step = 0; step < STATES.size(); step++) {
            StatusSnapshot current = Fixtures.parse(platform, pattern.formatted(STATES.get(step)));

            assertThat(Fixtures.render(StatusChanges.between(previous, current, Set.of())))
                    .as("%s → %s", previous == null ? "first read" : STATES.get(step - 1), STATES.get(step))
                    .isEqualTo(expected.get(step));
            previous = current;
        }
    }

    @Test
    void firstReadReportsOnlyWhatIsWrongNowNotResolvedHistory() {
        StatusSnapshot major = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/major.json");
        StatusSnapshot resolved = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/resolved.json");

        assertThat(Fixtures.render(StatusChanges.between(null, major, Set.of())))
                .containsExactly("Chat Completions: UNKNOWN -> MAJOR_OUTAGE", "opened: " + TITLE + " [IDENTIFIED]");
        assertThat(StatusChanges.between(null, resolved, Set.of())).isEmpty();
        assertThat(StatusChanges.between(null, Fixtures.parse(RSS, "rss/resolved.xml"), Set.of())).isEmpty();
    }

    @Test
    void unchangedPageYieldsNothing() {
        StatusSnapshot major = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/major.json");

        assertThat(StatusChanges.between(major, Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/major.json"), Set.of())).isEmpty();
    }

    @Test
    void componentFilterIsCaseInsensitiveAndDropsIncidentsOfOtherComponents() {
        StatusSnapshot operational = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/operational.json");
        StatusSnapshot degraded = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/degraded.json");

        assertThat(Fixtures.render(StatusChanges.between(operational, degraded, Set.of("CHAT completions"))))
                .containsExactly("Chat Completions: OPERATIONAL -> DEGRADED", "opened: " + TITLE + " [INVESTIGATING]");
        assertThat(StatusChanges.between(operational, degraded, Set.of("embeddings"))).isEmpty();
    }

    @Test
    void incidentNamingNoComponentsReachesEveryFilter() {
        StatusSnapshot operational = Fixtures.parse(INSTATUS, "instatus/operational.json");
        StatusSnapshot degraded = Fixtures.parse(INSTATUS, "instatus/degraded.json");

        assertThat(Fixtures.render(StatusChanges.between(operational, degraded, Set.of("Embeddings"))))
                .containsExactly("opened: " + TITLE + " [INVESTIGATING]");
    }

    @Test
    void newMaintenanceIsReportedOnceAndOnlyForItsComponents() {
        StatusSnapshot operational = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/operational.json");
        StatusSnapshot maintenance = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/maintenance.json");

        assertThat(Fixtures.render(StatusChanges.between(operational, maintenance, Set.of())))
                .containsExactly("maintenance: Embeddings database upgrade");
        assertThat(StatusChanges.between(maintenance, maintenance, Set.of())).isEmpty();
        assertThat(StatusChanges.between(operational, maintenance, Set.of("chat completions"))).isEmpty();
        assertThat(Fixtures.render(StatusChanges.between(null, Fixtures.parse(INSTATUS, "instatus/maintenance.json"), Set.of())))
                .containsExactly("maintenance: Embeddings database upgrade");
    }
}
