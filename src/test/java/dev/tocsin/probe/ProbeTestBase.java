package dev.tocsin.probe;

import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.TestTenants;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the probe tests that go through the real engine share: the engine, tenants, the database, a stub server. */
abstract class ProbeTestBase {

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
}
