package dev.tocsin.probe;

import dev.tocsin.testing.StubbedTest;
import jakarta.inject.Inject;

/** What the probe tests that go through the real engine share: the engine, tenants, the database, a stub server. */
abstract class ProbeTestBase extends StubbedTest {

    @Inject
    ProbeEngine engine;
}
