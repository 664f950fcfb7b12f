package dev.tocsin.statuspage.poll;

import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.TestTenants;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What every poller Quarkus test needs: the poller, fresh tenants, the database and a stub server of its own. */
abstract class PollerTestBase {

    @Inject
    StatusPagePoller poller;

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
