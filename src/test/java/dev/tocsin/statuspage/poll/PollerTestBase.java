package dev.tocsin.statuspage.poll;

import dev.tocsin.testing.StubbedTest;
import jakarta.inject.Inject;

/** What every poller Quarkus test needs: the poller, fresh tenants, the database and a stub server of its own. */
abstract class PollerTestBase extends StubbedTest {

    @Inject
    StatusPagePoller poller;
}
