package dev.tocsin.probe.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.probe.ProbeTestSupport;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A region whose probers stopped shows as overdue targets, in the gauge operators alert on. */
@QuarkusTest
class OverdueTargetsTest {

    @Inject
    OverdueTargets overdue;

    @Inject
    ProbeEngine engine;

    @Inject
    TestTenants tenants;

    @Inject
    MeterRegistry registry;

    @Test
    void targetsNobodyClaimedCountPerRegionUntilTheirRegionRunsThem() {
        TestTenants.Person owner = tenants.owner("overdue");
        ProbeTestSupport.createMonitor(owner.writeKey(), Map.of("url", "http://127.0.0.1:9/overdue", "regions", List.of("eu", "ap"),
                "timeoutMs", 500));
        long apBefore = overdue.refresh().get("ap");

        MutableClock.INSTANCE.advance(Duration.ofSeconds(30).plus(OverdueTargets.GRACE).plusSeconds(1));
        Map<String, Long> late = overdue.refresh();
        assertThat(late.get("ap")).as("the new ap target, unclaimed").isEqualTo(apBefore + 1);
        assertThat(registry.get("tocsin.probe.targets.overdue").tag("region", "ap").gauge().value()).isEqualTo((double) late.get("ap"));
        assertThat(late).containsKeys("any", "default", "eu", "us");

        engine.runDue(owner.accountId(), "ap");
        assertThat(overdue.refresh().get("ap")).as("run by an ap node").isEqualTo(late.get("ap") - 1);
        assertThat(overdue.refresh().get("eu")).as("eu still waits for its probers").isEqualTo(late.get("eu"));
    }
}
