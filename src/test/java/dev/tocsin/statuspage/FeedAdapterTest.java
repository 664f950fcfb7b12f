package dev.tocsin.statuspage;

import static dev.tocsin.catalog.StatusPlatform.RSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tocsin.statuspage.VendorIncident.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedAdapterTest {

    @Test
    void itemBecomesIncidentWithPlainTextOfItsNewestUpdate() {
        VendorIncident incident = Fixtures.parse(RSS, "rss/major.xml").incidents().get(0);

        assertThat(incident.id()).isEqualTo("https://status.example-ai.test/incidents/inc1");
        assertThat(incident.link()).isEqualTo(URI.create("https://status.example-ai.test/incidents/inc1"));
        assertThat(incident.updatedAt()).isEqualTo(Instant.parse("2025-03-04T10:20:00Z"));
        assertThat(incident.latestUpdate()).startsWith("Mar 4, 10:20 UTC Identified - The issue has been identified")
                .doesNotContain("<", "&lt;");
    }

    @Test
    void historyItemsAreSortedNewestFirstAndKeptResolvedWhileACompletedMaintenanceIsNeither() {
        StatusSnapshot snapshot = Fixtures.parse(RSS, "rss/degraded.xml");

        assertThat(snapshot.incidents()).extracting(VendorIncident::title, VendorIncident::status).containsExactly(
                tuple("Elevated error rates on Chat Completions", Status.INVESTIGATING),
                tuple("API latency for EU customers", Status.RESOLVED));
        assertThat(snapshot.maintenances()).isEmpty();
    }

    @Test
    void statuspageHistoryFeedMaintenanceBecomesWindowsNotIncidents() {
        StatusSnapshot snapshot = Fixtures.parse(RSS, "rss/maintenance.xml");

        assertThat(snapshot.incidents()).extracting(VendorIncident::title).containsExactly("Elevated error rates on Chat Completions");
        assertThat(snapshot.maintenances()).extracting(Maintenance::id, Maintenance::title, Maintenance::startsAt, Maintenance::endsAt)
                .containsExactly(
                        tuple("https://status.example-ai.test/incidents/mnt1", "Embeddings database upgrade",
                                Instant.parse("2025-03-10T02:00:00Z"), Instant.parse("2025-03-10T04:00:00Z")),
                        tuple("https://status.example-ai.test/incidents/mnt2", "Fine-tuning storage migration",
                                Instant.parse("2025-03-15T22:00:00Z"), Instant.parse("2025-03-16T06:00:00Z")));
    }

    @Test
    void anAtomEntryTitledScheduledMaintenanceInProgressIsARunningMaintenanceWithoutIncident() {
        StatusSnapshot snapshot = Fixtures.parse(RSS, "atom/maintenance.xml");

        assertThat(snapshot.incidents()).isEmpty();
        assertThat(snapshot.indicator()).isEqualTo(StatusSnapshot.Indicator.MAINTENANCE);
        assertThat(snapshot.maintenances()).singleElement().satisfies(maintenance -> {
            assertThat(maintenance.title()).isEqualTo("Chat Completions Scheduled Maintenance");
            assertThat(maintenance.startsAt()).as("the entry does not say when: it runs from now").isNull();
        });
    }

    @Test
    void perUpdateItemsOfOneIncidentCollapseToTheNewest() {
        StatusSnapshot snapshot = Fixtures.parse(RSS, "rss/per-update.xml");

        assertThat(snapshot.incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.title()).isEqualTo("Elevated error rates on Chat Completions");
            assertThat(incident.status()).isEqualTo(Status.RESOLVED);
            assertThat(incident.latestUpdate()).isEqualTo("All requests are succeeding again.");
        });
    }

    @Test
    void onlyTheNewestItemsAreKept() throws UnreadableStatusPage {
        StatusSnapshot snapshot = new FeedAdapter(1).parse(Fixtures.body("rss/degraded.xml"));

        assertThat(snapshot.incidents()).extracting(VendorIncident::title).containsExactly("Elevated error rates on Chat Completions");
    }

    @Test
    void atomEntryUsesItsAlternateLinkAndTitleWithoutPhasePrefix() {
        VendorIncident incident = Fixtures.parse(RSS, "atom/resolved.xml").incidents().get(0);

        assertThat(incident.title()).isEqualTo("Elevated error rates on Chat Completions");
        assertThat(incident.link()).hasToString("https://status.example-ai.test/incidents/inc1");
        assertThat(incident.status()).isEqualTo(Status.RESOLVED);
    }

    @ParameterizedTest(name = "\"{0}\" / \"{1}\" → {2}")
    @CsvSource(delimiter = '|', value = {
            "[Resolved] API errors                | We are investigating.                       | RESOLVED",
            "[Identified] API errors              | This incident has been resolved earlier.    | IDENTIFIED",
            "RESOLVED: API errors                 | ''                                          | RESOLVED",
            "Maintenance completed                | ''                                          | RESOLVED",
            "Monitoring dashboard unavailable     | We are investigating the dashboard.         | INVESTIGATING",
            "API errors                           | Monitoring - A fix is out. Identified - ... | MONITORING",
            "API errors                           | Requests fail for some users.               | UNKNOWN"})
    void phaseComesFromTitleTagThenResolvedTitleThenFirstPhaseWordOfText(String title, String text, Status expected) {
        assertThat(FeedText.status(title, text)).isEqualTo(expected);
    }

    @Test
    void htmlIsStrippedAndEntitiesDecodedOnce() {
        assertThat(FeedText.plain("<p>Fixed&nbsp;<b>it</b>&#33;</p><p>a &amp;lt; b</p>")).isEqualTo("Fixed it! a &lt; b");
    }

    @Test
    void feedWithOnlyResolvedItemsSaysAllClear() throws UnreadableStatusPage {
        String feed = "<rss><channel><item><title>Old outage</title><description>Resolved - done</description></item></channel></rss>";

        assertThat(new FeedAdapter().parse(feed.getBytes(StandardCharsets.UTF_8)).indicator()).isEqualTo(StatusSnapshot.Indicator.NONE);
    }
}
