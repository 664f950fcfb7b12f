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
import dev.tocsin.statuspage.VendorIncident.Impact;
import dev.tocsin.statuspage.VendorIncident.Status;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusAdaptersTest {

    private static final String CHAT_OK = "Chat Completions=OPERATIONAL, Embeddings=OPERATIONAL";
    private static final String TITLE = "Elevated error rates on Chat Completions";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments(STATUSPAGE_V2, "statuspage-v2/operational.json", "NONE | " + CHAT_OK + " | open:  | maintenance: "),
                arguments(STATUSPAGE_V2, "statuspage-v2/degraded.json", "MINOR | Chat Completions=DEGRADED, Embeddings=OPERATIONAL | open: " + TITLE + " [INVESTIGATING, MINOR] | maintenance: "),
                arguments(STATUSPAGE_V2, "statuspage-v2/major.json", "CRITICAL | Chat Completions=MAJOR_OUTAGE, Embeddings=OPERATIONAL | open: " + TITLE + " [IDENTIFIED, CRITICAL] | maintenance: "),
                arguments(STATUSPAGE_V2, "statuspage-v2/resolved.json", "NONE | " + CHAT_OK + " | open:  | maintenance: "),
                arguments(STATUSPAGE_V2, "statuspage-v2/maintenance.json", "NONE | " + CHAT_OK + " | open:  | maintenance: Embeddings database upgrade"),
                arguments(INCIDENT_IO, "incident-io/operational.json", "NONE | " + CHAT_OK + " | open:  | maintenance: "),
                arguments(INCIDENT_IO, "incident-io/degraded.json", "MINOR | Chat Completions=DEGRADED, Embeddings=OPERATIONAL | open: " + TITLE + " [INVESTIGATING, MINOR] | maintenance: "),
                arguments(INCIDENT_IO, "incident-io/major.json", "CRITICAL | Chat Completions=MAJOR_OUTAGE, Embeddings=OPERATIONAL | open: " + TITLE + " [IDENTIFIED, CRITICAL] | maintenance: "),
                arguments(INCIDENT_IO, "incident-io/resolved.json", "NONE | " + CHAT_OK + " | open:  | maintenance: "),
                arguments(INSTATUS, "instatus/operational.json", "NONE |  | open:  | maintenance: "),
                arguments(INSTATUS, "instatus/degraded.json", "MINOR |  | open: " + TITLE + " [INVESTIGATING, MINOR] | maintenance: "),
                arguments(INSTATUS, "instatus/major.json", "CRITICAL |  | open: " + TITLE + " [IDENTIFIED, CRITICAL] | maintenance: "),
                arguments(INSTATUS, "instatus/resolved.json", "NONE |  | open:  | maintenance: "),
                arguments(INSTATUS, "instatus/maintenance.json", "NONE |  | open:  | maintenance: Embeddings database upgrade"),
                arguments(BETTERSTACK, "betterstack/operational.json", "NONE | " + CHAT_OK + ", Fine-tuning=UNKNOWN | open:  | maintenance: "),
                arguments(BETTERSTACK, "betterstack/degraded.json", "MINOR | Chat Completions=DEGRADED, Embeddings=OPERATIONAL, Fine-tuning=UNKNOWN | open: " + TITLE + " [UNKNOWN, MINOR] | maintenance: "),
                arguments(BETTERSTACK, "betterstack/major.json", "MAJOR | Chat Completions=MAJOR_OUTAGE, Embeddings=OPERATIONAL, Fine-tuning=UNKNOWN | open: " + TITLE + " [UNKNOWN, MAJOR] | maintenance: "),
                arguments(BETTERSTACK, "betterstack/resolved.json", "NONE | " + CHAT_OK + ", Fine-tuning=UNKNOWN | open:  | maintenance: "),
                arguments(ROOTLY, "rootly/operational.json", "NONE |  | open:  | maintenance: "),
                arguments(ROOTLY, "rootly/degraded.json", "MINOR |  | open: " + TITLE + " [INVESTIGATING, MINOR] | maintenance: "),
                arguments(ROOTLY, "rootly/major.json", "MAJOR |  | open: " + TITLE + " [IDENTIFIED, MAJOR] | maintenance: "),
                arguments(ROOTLY, "rootly/resolved.json", "NONE |  | open:  | maintenance: "),
                arguments(RSS, "rss/operational.xml", "NONE |  | open:  | maintenance: "),
                arguments(RSS, "rss/degraded.xml", "MINOR |  | open: " + TITLE + " [INVESTIGATING, UNKNOWN] | maintenance: "),
                arguments(RSS, "rss/major.xml", "MINOR |  | open: " + TITLE + " [IDENTIFIED, UNKNOWN] | maintenance: "),
                arguments(RSS, "rss/resolved.xml", "NONE |  | open:  | maintenance: "),
                arguments(RSS, "rss/empty.xml", "UNKNOWN |  | open:  | maintenance: "),
                arguments(RSS, "atom/operational.xml", "NONE |  | open:  | maintenance: "),
                arguments(RSS, "atom/degraded.xml", "MINOR |  | open: " + TITLE + " [INVESTIGATING, UNKNOWN] | maintenance: "),
                arguments(RSS, "atom/major.xml", "MINOR |  | open: " + TITLE + " [IDENTIFIED, UNKNOWN] | maintenance: "),
                arguments(RSS, "atom/resolved.xml", "NONE |  | open:  | maintenance: "),
                arguments(RSS, "rss/maintenance.xml", "MINOR |  | open: " + TITLE + " [INVESTIGATING, UNKNOWN] | maintenance: "
                        + "Embeddings database upgrade, Fine-tuning storage migration"),
                arguments(RSS, "atom/maintenance.xml", "MAINTENANCE |  | open:  | maintenance: Chat Completions Scheduled Maintenance"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void eachFixtureParsesToItsSnapshot(StatusPlatform platform, String fixture, String expected) {
        assertThat(Fixtures.render(Fixtures.parse(platform, fixture))).isEqualTo(expected);
    }

    @Test
    void statuspageIncidentKeepsEveryPublishedField() {
        VendorIncident incident = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/degraded.json").incidents().get(0);

        assertThat(incident).isEqualTo(new VendorIncident("inc1", TITLE, Status.INVESTIGATING, Impact.MINOR,
                List.of("Chat Completions"), Instant.parse("2025-03-04T10:05:00Z"),
                "We are investigating elevated error rates for chat completion requests.",
                URI.create("https://stspg.example.test/inc1")));
    }

    @Test
    void statuspageSkipsGroupsAndCompletedMaintenance() {
        StatusSnapshot snapshot = Fixtures.parse(STATUSPAGE_V2, "statuspage-v2/maintenance.json");

        assertThat(snapshot.components()).extracting(Component::name).doesNotContain("API");
        assertThat(snapshot.maintenances()).containsExactly(new Maintenance("mnt1", "Embeddings database upgrade",
                Instant.parse("2025-03-10T02:00:00Z"), Instant.parse("2025-03-10T04:00:00Z"), List.of("Embeddings")));
    }

    @Test
    void instatusMaintenanceEndsAfterItsDuration() {
        Maintenance maintenance = Fixtures.parse(INSTATUS, "instatus/maintenance.json").maintenances().get(0);

        assertThat(maintenance.startsAt()).isEqualTo(Instant.parse("2025-03-10T02:00:00Z"));
        assertThat(maintenance.endsAt()).isEqualTo(Instant.parse("2025-03-10T04:00:00Z"));
    }

    @Test
    void betterStackReportNamesItsAffectedResources() {
        VendorIncident incident = Fixtures.parse(BETTERSTACK, "betterstack/degraded.json").incidents().get(0);

        assertThat(incident.id()).isEqualTo("5001");
        assertThat(incident.components()).containsExactly("Chat Completions");
    }

    @Test
    void rootlyIncidentWithoutIdIsKnownByItsLinkAndTakesThePhaseOfItsLatestUpdate() {
        VendorIncident incident = Fixtures.parse(ROOTLY, "rootly/major.json").incidents().get(0);

        assertThat(incident.id()).isEqualTo("https://status.example-ai.test/incidents/elevated-error-rates");
        assertThat(incident.link()).hasToString(incident.id());
        assertThat(incident.status()).isEqualTo(Status.IDENTIFIED);
        assertThat(incident.latestUpdate()).startsWith("The issue has been identified");
    }
}
