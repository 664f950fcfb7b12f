package dev.tocsin.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.wakeup.DatabaseWakeups;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.OtherNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A mail queued by another node is sent by this one as soon as it commits. Tests run without the
 * mail poll (the scheduler is off), so only the wake-up can send it.
 */
@QuarkusTest
class MailWakeupTest {

    @Inject
    DatabaseWakeups wakeups;

    @Inject
    CredentialCipher cipher;

    @Inject
    ObjectMapper json;

    @InjectGreenMail
    GreenMail greenMail;

    @Test
    void aMailQueuedAndCommittedElsewhereIsSentAtOnce() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.listening("tocsin_mail_outbox"));
        String to = "woken-" + UUID.randomUUID() + "@example.com";
        long start = System.nanoTime();
        commitElsewhere(to, 1);
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> !new Mailbox(greenMail).to(to).isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(Mailbox.subject(new Mailbox(greenMail).to(to).get(0))).isEqualTo("Queued on another node 0");
    }

    @Test
    void aBurstLargerThanOneClaimIsSentWhole() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.listening("tocsin_mail_outbox"));
        String to = "burst-" + UUID.randomUUID() + "@example.com";
        commitElsewhere(to, 25);
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> new Mailbox(greenMail).to(to).size() == 25);
    }

    /** Queues {@code count} mails to {@code to} in one transaction of another connection. */
    private void commitElsewhere(String to, int count) throws Exception {
        try (Connection c = OtherNode.connect(); PreparedStatement insert = c.prepareStatement("""
                insert into mail_outbox (id, kind, message, next_attempt_at, created_at) values (?, 'test', ?, ?, ?)""")) {
            Timestamp now = Timestamp.from(MutableClock.INSTANCE.instant());
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setBytes(2, cipher.encrypt(json.writeValueAsString(
                        new OutgoingMail(to, "Queued on another node " + i, "text", "<p>html</p>", Map.of())), id.toString()));
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, now);
                insert.executeUpdate();
            }
            c.commit();
        }
    }
}
