package dev.tocsin.incident;

import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.OutboxRows;
import dev.tocsin.testing.ProbeRuns;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.TestTenants;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the incident tests that go through the real engine share: the engine, tenants, a stub server, the outbox. */
abstract class IncidentTestBase {

    @Inject
    ProbeEngine engine;

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

    StubServer stub;

    @BeforeEach
    void startStub() {
        stub = StubServer.start();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    /** Until at least {@code runs} probe runs of the account have happened. */
    void probe(UUID account, int runs) {
        ProbeRuns.run(engine, account, runs);
    }

    /** The event types of the account's outbox rows, oldest first. */
    List<String> outbox(UUID account) {
        return OutboxRows.eventTypes(em, account);
    }
}
