package dev.tocsin.notify;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow SMTP server must not double alert mails: a claimed mail that waited for a mail thread until its
 * lease ran out is not sent by the node that claimed it (another node has it by then), and no more mail is
 * claimed than the mail threads can finish within one lease. The wait is made with the clock: what a
 * stalled server does to the claims, without stalling the suite.
 */
@QuarkusTest
class DeliveryLeaseTest {

    @Inject
    TestTenants tenants;

    @Inject
    OutboxDrainer drainer;

    @Inject
    Transports transports;

    @Inject
    NotifyConfig config;

    @Inject
    EntityManager em;

    @InjectGreenMail
    GreenMail greenMail;

    @BeforeEach
    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void aMailClaimedByANodeWhoseLeaseRanOutIsSentOnceByTheNextClaimAndNeverByTheFirst() {
        TestTenants.Person owner = tenants.owner("slow-smtp");
        List<String> ids = tests(owner, 3);
        List<Delivery> stale = drainer.claim(OutboxDrainer.Lane.MAIL, 10, owner.accountId()); // node A claims, then waits on SMTP
        assertThat(stale).hasSize(3);

        MutableClock.INSTANCE.advance(config.lease().plusSeconds(1));
        assertThat(drainer.runDue(owner.accountId())).as("node B claims them when A's lease ends").isEqualTo(3);
        assertThat(mailsOf(owner, ids)).hasSize(3);

        join(drainer.deliver(stale)); // node A's mail threads get to them at last
        assertThat(mailsOf(owner, ids)).as("each sent once").hasSize(3);
        for (String id : ids) {
            assertThat(attempts(id)).containsExactly("delivered");
        }
    }

    @Test
    void aMailThatCouldNotFinishBeforeItsLeaseEndsIsHandedBackUnsentAndNotCountedAsAnAttempt() {
        TestTenants.Person owner = tenants.owner("late-mail");
        String id = tests(owner, 1).get(0);
        List<Delivery> claimed = drainer.claim(OutboxDrainer.Lane.MAIL, 10, owner.accountId());
        // Still within the lease, but with less left than one mail to a slow server may take.
        MutableClock.INSTANCE.advance(config.lease().minus(transports.budget("email")).plusSeconds(1));
        join(drainer.deliver(claimed));
        assertThat(mailsOf(owner, List.of(id))).isEmpty();
        assertThat(attempts(id)).isEmpty();
        assertThat(row(id)).containsExactly("pending", 0, null);

        assertThat(drainer.runDue(owner.accountId())).isEqualTo(1);
        assertThat(mailsOf(owner, List.of(id))).hasSize(1);
        assertThat(row(id)).containsExactly("delivered", 1, null);
    }

    @Test
    void noMoreMailIsClaimedThanTheMailThreadsFinishWithinOneLease() {
        int capacity = transports.mailCapacity();
        assertThat(capacity).as("4 threads x (5 min lease / 3 x 10 s timeout)").isEqualTo(40);
        TestTenants.Person owner = tenants.owner("mail-flood");
        String first = tests(owner, 1).get(0);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into outbox (id, account_id, channel_id, event_type, payload, next_attempt_at, created_at)
                select gen_random_uuid(), account_id, channel_id, event_type, payload, next_attempt_at, created_at
                from outbox, generate_series(1, ?2) where id = ?1""")
                .setParameter(1, UUID.fromString(first)).setParameter(2, capacity + 4).executeUpdate());

        assertThat(drainer.runDue(owner.accountId())).isEqualTo(capacity);
        assertThat(drainer.runDue(owner.accountId())).isEqualTo(5);
        assertThat(new Mailbox(greenMail).to(owner.email())).hasSize(capacity + 5);
    }

    /** Queues channel tests to the owner's own email channel; returns their delivery ids. */
    private List<String> tests(TestTenants.Person owner, int count) {
        String channel = as(owner.writeKey()).get("/api/v1/channels").then().extract().path("items[0].id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(as(owner.writeKey()).post("/api/v1/channels/" + channel + "/test").then().statusCode(202).extract().path("deliveryId"));
        }
        return ids;
    }

    private List<MimeMessage> mailsOf(TestTenants.Person owner, List<String> ids) {
        return new Mailbox(greenMail).to(owner.email()).stream().filter(m -> {
            try {
                return m.getHeader("X-Tocsin-Event-Id") != null && ids.contains(m.getHeader("X-Tocsin-Event-Id")[0]);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> attempts(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select outcome from delivery_attempts where outbox_id = ?1 order by attempt").setParameter(1, UUID.fromString(id)).getResultList());
    }

    private List<Object> row(String id) {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select status, attempts, lease_until from outbox where id = ?1").setParameter(1, UUID.fromString(id)).getSingleResult());
        return java.util.Arrays.asList(r[0], ((Number) r[1]).intValue(), r[2]);
    }

    private static void join(List<CompletableFuture<Void>> sends) {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }
}
