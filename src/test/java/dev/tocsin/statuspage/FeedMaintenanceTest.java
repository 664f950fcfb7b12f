package dev.tocsin.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.statuspage.FeedMaintenance.Kind;
import dev.tocsin.statuspage.FeedMaintenance.Schedule;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feed items in the vendors' own wording: which announce or run a maintenance, and which report an incident. */
class FeedMaintenanceTest {

    @ParameterizedTest(name = "\"{0}\" / \"{1}\" → {2}")
    @CsvSource(delimiter = '|', value = {
            // Statuspage's incident phases, as its history feeds write each update's lead
            "Elevated error rates      | Mar 4, 10:05 UTC Investigating - We are investigating elevated error rates.        | INCIDENT",
            "Elevated error rates      | Identified - The issue has been identified and a fix is being implemented.         | INCIDENT",
            "Elevated error rates      | Monitoring - A fix has been implemented and we are monitoring the results.         | INCIDENT",
            "Elevated error rates      | Resolved - This incident has been resolved.                                        | INCIDENT",
            "Elevated error rates      | Update - We are continuing to investigate this issue.                              | INCIDENT",
            // Statuspage's maintenance phases
            "Database upgrade          | Scheduled - We will be undergoing scheduled maintenance during this time.          | ANNOUNCED",
            "Database upgrade          | In progress - Scheduled maintenance is currently in progress. We will provide updates as necessary. | RUNNING",
            "Database upgrade          | Verifying - Verification is currently underway for the maintenance items.          | RUNNING",
            "Database upgrade          | Completed - The scheduled maintenance has been completed.                          | ENDED",
            "Database upgrade          | THIS IS A SCHEDULED EVENT Mar 20, 01:00 - 06:00 UTC Mar 20, 02:10 UTC Update - Work is taking longer. | RUNNING",
            "Database upgrade          | THIS IS A SCHEDULED EVENT Mar 20, 01:00 - 06:00 UTC Mar 13, 16:21 UTC Scheduled - We will be upgrading. | ANNOUNCED",
            // the newest update is first: an in-progress maintenance announced earlier
            "Database upgrade          | In progress - Work has started. Scheduled - We will be upgrading the database.     | RUNNING",
            // titled as maintenance, the text in plain words
            "Chat Completions Scheduled Maintenance | Scheduled maintenance is currently in progress.              | RUNNING",
            "Chat Completions Scheduled Maintenance | ''                                                            | RUNNING",
            "Chat Completions Scheduled Maintenance | Resolved - The maintenance is over.                           | ENDED",
            // phase tags on per-update feeds' titles
            "[Scheduled] Database upgrade   | We will be upgrading the database.                                   | ANNOUNCED",
            "[In progress] Database upgrade | The upgrade has started.                                             | RUNNING",
            "IN PROGRESS: Database upgrade  | The upgrade has started.                                             | RUNNING",
            "[Verifying] Database upgrade   | ''                                                                   | RUNNING",
            "[Completed] Database upgrade   | ''                                                                   | ENDED",
            "[Identified] Database upgrade failing | The upgrade broke writes.                                     | INCIDENT",
            // an incident about a maintenance, and the words in an incident's prose, stay incidents
            "Errors after scheduled maintenance | Investigating - Some requests fail since the maintenance.       | INCIDENT",
            "Scheduled jobs delayed    | We are investigating delays in scheduled jobs.                                      | INCIDENT",
            "Elevated error rates      | Identified - A faulty deploy; a rollback is in progress.                           | INCIDENT",
            "Elevated error rates      | Update - We have completed the rollback and are watching error rates.              | INCIDENT",
            "API errors                | Requests fail for some users.                                                       | INCIDENT"})
    void tellsMaintenanceFromIncidentsByTheNewestUpdate(String title, String text, Kind expected) {
        assertThat(FeedMaintenance.kind(title, text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" published {1}")
    @CsvSource(delimiter = '|', value = {
            "THIS IS A SCHEDULED EVENT Mar 10, 02:00 - 04:00 UTC Mar 3, 12:00 UTC Scheduled - Upgrade. | 2025-03-03T12:00:00Z | 2025-03-10T02:00:00Z | 2025-03-10T04:00:00Z",
            "THIS IS A SCHEDULED EVENT Mar 15, 22:00 UTC - Mar 16, 06:00 UTC                         | 2025-03-08T09:30:00Z | 2025-03-15T22:00:00Z | 2025-03-16T06:00:00Z",
            "THIS IS A SCHEDULED EVENT Mar 15, 23:00 - 02:00 UTC                                      | 2025-03-08T09:30:00Z | 2025-03-15T23:00:00Z | 2025-03-16T02:00:00Z",
            "THIS IS A SCHEDULED EVENT Jan 2, 01:00 - 03:00 UTC                                       | 2025-12-20T10:00:00Z | 2026-01-02T01:00:00Z | 2026-01-02T03:00:00Z",
            "THIS IS A SCHEDULED EVENT Dec 31, 23:00 UTC - Jan 1, 01:00 UTC                           | 2025-12-20T10:00:00Z | 2025-12-31T23:00:00Z | 2026-01-01T01:00:00Z"})
    void readsStatuspagesScheduleWithTheYearOfTheItem(String text, Instant published, Instant starts, Instant ends) {
        assertThat(FeedMaintenance.schedule(text, published)).contains(new Schedule(starts, ends));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "Scheduled - We will be upgrading the database next week.",
            "THIS IS A SCHEDULED EVENT Mar 10, 02:00 - 04:00 PDT",
            "THIS IS A SCHEDULED EVENT Feb 31, 02:00 - 04:00 UTC"})
    void statesNoScheduleWhenTheItemDoesNotSayWhenInUtc(String text) {
        assertThat(FeedMaintenance.schedule(text, Instant.parse("2025-03-03T12:00:00Z"))).isEqualTo(Optional.empty());
    }
}
