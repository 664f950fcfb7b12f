package dev.tocsin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smaller form of bench/cluster.sh, so that a regression of what several real processes guarantee
 * fails the build: two packaged nodes on one PostgreSQL, 30 monitors of which 10 fail, one node killed
 * while it is alerting and started again, one stopped with SIGTERM while it is alerting, and the database
 * restarted under them.
 */
class ClusterIT {

    @Test
    void twoNodesProbeOnceAlertOnceAndSurviveAKillAStopAndADatabaseRestart(@TempDir Path work) throws Exception {
        ClusterReport report;
        try (ClusterScenario scenario = new ClusterScenario(ClusterScenario.Settings.of(2, 30, work))) {
            report = scenario.run();
        }
        System.out.println(report.text());

        assertThat(report.probesByNode()).as("both nodes probe").hasSizeGreaterThanOrEqualTo(2);
        assertThat(report.probesPerInterval().getCount()).as("at least one interval of each healthy monitor observed")
                .isGreaterThanOrEqualTo(20);
        assertThat(report.probesPerInterval().getMax()).as("no monitor probed twice in one interval").isEqualTo(1);
        assertThat(report.runsLostAtStop()).as("a stopping node hands its claimed runs back").isZero();
        assertThat(report.runsLostElsewhere()).as("runs are lost only with a killed node").isZero();

        assertThat(report.incidentsPerFailingMonitor().getMin()).isEqualTo(1);
        assertThat(report.incidentsPerFailingMonitor().getMax()).as("one incident per failing monitor").isEqualTo(1);
        assertThat(report.incidentsOfHealthyMonitors()).isZero();
        assertThat(report.openedPerIncident().getMin()).isEqualTo(1);
        assertThat(report.openedPerIncident().getMax()).as("one opened alert per incident").isEqualTo(1);
        assertThat(report.resolvedPerIncident().getMin()).isEqualTo(1);
        assertThat(report.resolvedPerIncident().getMax()).isEqualTo(1);
        assertThat(report.lostWebhooks()).as("no alert lost").isZero();
        assertThat(report.undelivered()).isZero();
        // At least once: only a delivery whose node died after sending may arrive twice, with the same webhook-id.
        assertThat(report.duplicateWebhooks()).isLessThanOrEqualTo(report.leasesLostAtKill());
        if (report.leasesLostAtKill() > 0) {
            assertThat(report.leaseTakeoverSeconds()).isLessThan(report.leaseSeconds() + 5);
        }

        assertThat(report.unreadyAfterSeconds()).as("readiness falls with the database").isLessThan(30);
        assertThat(report.readyAfterSeconds()).as("and comes back without a restart of the node").isLessThan(60);
    }
}
