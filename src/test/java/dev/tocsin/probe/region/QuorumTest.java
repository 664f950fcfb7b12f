package dev.tocsin.probe.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.probe.Confirmation;
import dev.tocsin.signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the quorum makes of the regions' views, rule by rule. */
class QuorumTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration FRESH = Quorum.freshness(60);

    private static Quorum.View view(String region, MonitorStatus status, int secondsAgo) {
        boolean bad = status == MonitorStatus.DOWN || status == MonitorStatus.DEGRADED;
        return new Quorum.View(region, status, NOW.minusSeconds(secondsAgo), bad ? "timeout" : null,
                bad ? "No answer within 15 s from " + region : null, bad ? "Check the endpoint" : null);
    }

    private static Quorum.Verdict judge(MonitorStatus current, String latest, Quorum.View... views) {
        return Quorum.judge(current, current == MonitorStatus.DOWN ? "timeout" : null, List.of(views), 2, FRESH, latest, NOW);
    }

    @Test
    void oneRegionFailingConfirmsNothing() {
        Quorum.Verdict v = judge(MonitorStatus.UP, "eu", view("eu", MonitorStatus.DOWN, 0), view("us", MonitorStatus.UP, 20),
                view("ap", MonitorStatus.UP, 40));

        assertThat(v.status()).isEqualTo(MonitorStatus.UP);
        assertThat(v.change()).isEmpty();
    }

    @Test
    void theSecondRegionTipsTheQuorumAndTheChangeNamesTheRegions() {
        Quorum.Verdict v = judge(MonitorStatus.UP, "us", view("eu", MonitorStatus.DOWN, 30), view("us", MonitorStatus.DOWN, 0),
                view("ap", MonitorStatus.UP, 10));

        assertThat(v.status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(v.cause()).isEqualTo("timeout");
        assertThat(v.change()).get().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.DOWN);
            assertThat(c.reason()).isEqualTo("From eu and us (2 of 3 regions, quorum 2): No answer within 15 s from us");
            assertThat(c.remedy()).isEqualTo("Check the endpoint");
        });
    }

    @Test
    void aRegionWhoseLastRunIsOlderThanOneAndAHalfIntervalsDoesNotCount() {
        Quorum.Verdict v = judge(MonitorStatus.UP, "us", view("eu", MonitorStatus.DOWN, 91), view("us", MonitorStatus.DOWN, 0),
                view("ap", MonitorStatus.UP, 10));

        assertThat(v.status()).as("eu's view is stale").isEqualTo(MonitorStatus.UP);
        assertThat(v.change()).isEmpty();
    }

    @Test
    void aQuorumOfDegradedOrDownIsDegradedAndTurnsDownOnlyWhenAQuorumIsDown() {
        Quorum.Verdict degraded = judge(MonitorStatus.UP, "us", view("eu", MonitorStatus.DEGRADED, 5), view("us", MonitorStatus.DOWN, 0),
                view("ap", MonitorStatus.UP, 5));
        assertThat(degraded.status()).isEqualTo(MonitorStatus.DEGRADED);
        assertThat(degraded.change()).get().extracting(Confirmation.Change::severity).isEqualTo(Severity.DEGRADED);

        Quorum.Verdict down = judge(MonitorStatus.DEGRADED, "eu", view("eu", MonitorStatus.DOWN, 0), view("us", MonitorStatus.DOWN, 5),
                view("ap", MonitorStatus.UP, 5));
        assertThat(down.status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(down.change()).get().extracting(Confirmation.Change::severity).isEqualTo(Severity.DOWN);
    }

    @Test
    void anOutageAlreadyConfirmedIsNotConfirmedAgainWhenAThirdRegionAgrees() {
        Quorum.Verdict v = judge(MonitorStatus.DOWN, "ap", view("eu", MonitorStatus.DOWN, 30), view("us", MonitorStatus.DOWN, 20),
                view("ap", MonitorStatus.DOWN, 0));

        assertThat(v.status()).isEqualTo(MonitorStatus.DOWN);
        assertThat(v.change()).isEmpty();
    }

    @Test
    void fewerThanTheQuorumFailingIsARecoveryNamingWhoStillFails() {
        Quorum.Verdict v = judge(MonitorStatus.DOWN, "eu", view("eu", MonitorStatus.UP, 0), view("us", MonitorStatus.DOWN, 20),
                view("ap", MonitorStatus.UP, 40));

        assertThat(v.status()).isEqualTo(MonitorStatus.UP);
        assertThat(v.change()).get().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.OK);
            assertThat(c.cause()).isEqualTo("timeout");
            assertThat(c.reason()).isEqualTo("Responding normally again from 2 of 3 regions; still failing from us, fewer than the quorum of 2");
        });
    }

    @Test
    void aRecoveryIsNeverAssumedFromRegionsThatHaveNotAnswered() {
        Quorum.Verdict v = judge(MonitorStatus.DOWN, "eu", view("eu", MonitorStatus.DOWN, 0), view("us", MonitorStatus.PENDING, 0),
                new Quorum.View("ap", MonitorStatus.PENDING, null, null, null, null));

        assertThat(v.status()).as("a monitor given regions while down stays down until a region sees it up").isEqualTo(MonitorStatus.DOWN);
        assertThat(v.change()).isEmpty();
    }

    @Test
    void aPendingMonitorIsUpOnceARegionSeesItUp() {
        assertThat(judge(MonitorStatus.PENDING, "eu", view("eu", MonitorStatus.UP, 0)).status()).isEqualTo(MonitorStatus.UP);
        assertThat(judge(MonitorStatus.PENDING, "eu", view("eu", MonitorStatus.DOWN, 0)).status()).isEqualTo(MonitorStatus.PENDING);
    }

    @Test
    void regionNamesReadAsAList() {
        assertThat(Quorum.names(List.of(view("eu", MonitorStatus.DOWN, 0)))).isEqualTo("eu");
        assertThat(Quorum.names(List.of(view("eu", MonitorStatus.DOWN, 0), view("us", MonitorStatus.DOWN, 0),
                view("ap", MonitorStatus.DOWN, 0)))).isEqualTo("eu, us and ap");
    }
}
