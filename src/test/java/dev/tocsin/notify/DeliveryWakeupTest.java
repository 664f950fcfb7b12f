package dev.tocsin.notify;

import static dev.tocsin.notify.AlertDeliveryTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.platform.wakeup.DatabaseWakeups;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.OtherNode;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A committed outbox row wakes the drainers through LISTEN/NOTIFY. The drainers here poll once a
 * minute, so a delivery within two seconds can only be the wake-up's doing. Rows are written by a
 * connection of their own, as another node would.
 */
@QuarkusTest
class DeliveryWakeupTest {

    private static final Duration POLL = Duration.ofSeconds(60);
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(2);

    @Inject
    OutboxDrainer drainer;

    @Inject
    DatabaseWakeups wakeups;

    @Inject
    TestTenants tenants;

    private StubServer stub;
    private final List<AutoCloseable> started = new ArrayList<>();
    private TestTenants.Person owner;
    /** The channel's test message, already delivered: the rows below are copies of it. */
    private UUID template;

    @BeforeEach
    void start() {
        MutableClock.INSTANCE.reset();
        MutableClock.INSTANCE.thaw();
        stub = StubServer.start();
        stub.reply("/hook", Reply.of(204, ""));
        owner = tenants.owner("wakeup");
        String channel = as(owner.writeKey()).body(Map.of("type", "webhook", "target", stub.url("/hook")))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        template = UUID.fromString(as(owner.writeKey()).post("/api/v1/channels/" + channel + "/test")
                .then().statusCode(202).extract().path("deliveryId"));
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(stub.received("/hook")).hasSize(1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        stub.close();
    }

    private DrainLoop loop() {
        DrainLoop loop = drainer.startLoop(owner.accountId(), POLL);
        started.add(loop);
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.listening(DrainLoop.CHANNEL));
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.claims() >= 1);
        return loop;
    }

    /** A copy of the template, due now, inserted on {@code c}; the caller commits or rolls back. */
    private UUID insert(Connection c) throws SQLException {
        Timestamp now = Timestamp.from(MutableClock.INSTANCE.instant());
        try (PreparedStatement insert = c.prepareStatement("""
                insert into outbox (id, account_id, channel_id, event_type, payload, next_attempt_at, created_at)
                select gen_random_uuid(), account_id, channel_id, event_type, payload, ?, ? from outbox where id = ?
                returning id""")) {
            insert.setTimestamp(1, now);
            insert.setTimestamp(2, now);
            insert.setObject(3, template);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private UUID commitOne() throws SQLException {
        try (Connection c = OtherNode.connect()) {
            UUID id = insert(c);
            c.commit();
            return id;
        }
    }

    /** The event ids the receiver got, in order (the template's first). */
    private List<String> received() {
        return stub.received("/hook").stream().map(r -> r.headers().getFirst("webhook-id")).toList();
    }

    private void awaitReceived(int count, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> received().size() >= count);
    }

    @Test
    void aRowCommittedByAnotherNodeIsDeliveredWellBeforeThePoll() throws Exception {
        loop();
        long start = System.nanoTime();
        UUID id = commitOne();
        awaitReceived(2, WELL_BEFORE_THE_POLL);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(received()).containsExactly(template.toString(), id.toString());
        assertThat(took).isLessThan(WELL_BEFORE_THE_POLL);
    }

    @Test
    void aRolledBackRowWakesNobodyAndSendsNothing() throws Exception {
        loop();
        AtomicInteger wakes = new AtomicInteger();
        started.add(wakeups.subscribe(DrainLoop.CHANNEL, wakes::incrementAndGet));
        try (Connection c = OtherNode.connect()) {
            insert(c);
            c.rollback();
        }
        Thread.sleep(1000);
        assertThat(wakes).hasValue(0);
        assertThat(received()).containsExactly(template.toString());

        UUID id = commitOne();
        awaitReceived(2, WELL_BEFORE_THE_POLL);
        assertThat(wakes).as("the same watch sees a commit").hasValue(1);
        assertThat(received()).containsExactly(template.toString(), id.toString());
    }

    @Test
    void aBurstOfCommitsWakesTheDrainerOnceNotOncePerRow() throws Exception {
        DrainLoop loop = loop();
        // Subscribed after the drainer, so it runs after the drainer's wake-up; it holds the listening
        // thread on its first call while the burst is committed, as a busy node would be.
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        started.add(wakeups.subscribe(DrainLoop.CHANNEL, () -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        commitOne();
        awaitReceived(2, WELL_BEFORE_THE_POLL);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 1);

        int claimsBefore = loop.claims();
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(commitOne().toString());
        }
        Thread.sleep(300); // for the 20 notifications to reach the held listener
        assertThat(loop.claims()).as("nothing woke the drainer yet").isEqualTo(claimsBefore);
        release.countDown();

        awaitReceived(22, WELL_BEFORE_THE_POLL);
        assertThat(received().subList(2, 22)).containsExactlyInAnyOrderElementsOf(burst);
        assertThat(calls).as("twenty notifications read at once make one wake-up").hasValue(2);
        // One claim takes the twenty; a second only if a notification straggled in after the first read.
        assertThat(loop.claims() - claimsBefore).isBetween(1, 2);
    }

    @Test
    void theListenerComesBackAfterItsConnectionIsKilledAndCatchesUpOnWhatItMissed() throws Exception {
        loop();
        int killed;
        try (Connection c = OtherNode.connect()) {
            killed = listenerPid(c);
            try (PreparedStatement kill = c.prepareStatement("select pg_terminate_backend(?)")) {
                kill.setInt(1, killed);
                kill.execute();
            }
            c.commit();
        }
        // Committed while the listener is down or coming back: its return wakes the drainer.
        UUID missed = commitOne();
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.listening(DrainLoop.CHANNEL));
        awaitReceived(2, Duration.ofSeconds(3));
        try (Connection c = OtherNode.connect()) {
            assertThat(listenerPid(c)).as("a new connection").isNotEqualTo(killed);
        }

        UUID after = commitOne();
        awaitReceived(3, WELL_BEFORE_THE_POLL);
        assertThat(received()).containsExactly(template.toString(), missed.toString(), after.toString());
    }

    @Test
    void twoNodesWokenByEveryRowSendEachRowOnce() throws Exception {
        DrainLoop one = loop();
        DrainLoop two = loop();
        int oneBefore = one.claims();
        int twoBefore = two.claims();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(commitOne().toString());
        }
        awaitReceived(41, Duration.ofSeconds(5));
        Thread.sleep(200); // a second send of any row would arrive by now
        assertThat(received()).hasSize(41).doesNotHaveDuplicates();
        assertThat(received().subList(1, 41)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(one.claims()).as("both drainers were claiming").isGreaterThan(oneBefore);
        assertThat(two.claims()).as("both drainers were claiming").isGreaterThan(twoBefore);
    }

    private static int listenerPid(Connection c) throws SQLException {
        try (PreparedStatement find = c.prepareStatement(
                "select pid from pg_stat_activity where application_name = 'tocsin-wakeups' and datname = current_database()");
             ResultSet rs = find.executeQuery()) {
            assertThat(rs.next()).as("the listening connection is there").isTrue();
            int pid = rs.getInt(1);
            assertThat(rs.next()).as("one listening connection per node").isFalse();
            return pid;
        }
    }
}
