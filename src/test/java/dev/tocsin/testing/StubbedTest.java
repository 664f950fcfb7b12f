package dev.tocsin.testing;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Quarkus tests that probe, poll or deliver against a real HTTP server share: fresh tenants, the
 * database, and a stub server of their own, started and closed around each test.
 */
public abstract class StubbedTest {

    @Inject
    protected TestTenants tenants;

    @Inject
    protected EntityManager em;

    protected StubServer stub;

    @BeforeEach
    void startStub() {
        stub = StubServer.start();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }
}
