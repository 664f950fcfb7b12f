package dev.tocsin.incident;

import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.OutboxRows;
import dev.tocsin.testing.ProbeRuns;
import dev.tocsin.testing.StubbedTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/** What the incident tests that go through the real engine share: the engine, tenants, a stub server, the outbox. */
abstract class IncidentTestBase extends StubbedTest {

    @Inject
    ProbeEngine engine;

    /** Until at least {@code runs} probe runs of the account have happened. */
    void probe(UUID account, int runs) {
        ProbeRuns.run(engine, account, runs);
    }

    /** The event types of the account's outbox rows, oldest first. */
    List<String> outbox(UUID account) {
        return OutboxRows.eventTypes(em, account);
    }
}
