package dev.tocsin.security;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nobody can make Tocsin flood an inbox or a chat: confirmation mails, invitations, channel tests and
 * replays are limited per account and per recipient (the recipient across accounts), with a 429 that says
 * when to come back, and a refused request writes nothing.
 */
@QuarkusTest
class SendLimitsTest {

    @Inject
    TestTenants tenants;

    @Inject
    EntityManager em;

    @InjectGreenMail
    GreenMail greenMail;

    @Test
    void oneAddressGetsAtMostThreeConfirmationMailsAnHourFromAllAccountsTogether() {
        String victim = TestTenants.email("victim");
        TestTenants.Person first = tenants.owner("bomber-a");
        TestTenants.Person second = tenants.owner("bomber-b");
        emailChannel(first, victim).then().statusCode(201);
        emailChannel(first, victim).then().statusCode(201);
        emailChannel(second, victim).then().statusCode(201);

        Response refused = emailChannel(second, victim);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", containsString("rate-limited"))
                .body("detail", containsString("This recipient was sent 3 confirmation and invitation mails"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(channelsTo(second.accountId(), victim)).as("a refused channel is not half-written").isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> new Mailbox(greenMail).to(victim).size() == 3);
        assertThat(new Mailbox(greenMail).to(victim)).hasSize(3);
    }

    @Test
    void confirmationMailsGoThroughTheMailOutboxEncrypted() {
        TestTenants.Person owner = tenants.owner("outboxed");
        String address = TestTenants.email("outboxed");
        String id = emailChannel(owner, address).then().statusCode(201).extract().path("id");
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "select kind, dedup_key, status from mail_outbox where account_id = ?1")
                .setParameter(1, owner.accountId()).getSingleResult());
        assertThat(row[0]).isEqualTo("channel.confirm");
        assertThat((String) row[1]).startsWith("channel.confirm:" + id);
        assertThat(Mailbox.text(new Mailbox(greenMail).await(address, "Confirm Tocsin alerts"))).contains("/channels/" + id + "/confirm");
        // Once sent, the message (with its link) is dropped from the table.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                em.createNativeQuery("select count(*) from mail_outbox where account_id = ?1 and status = 'sent' and message is null")
                        .setParameter(1, owner.accountId()).getSingleResult()).toString().equals("1"));
    }

    @Test
    void oneAccountSendsAtMostTwentyConfirmationAndInvitationMailsAnHour() {
        TestTenants.Person owner = tenants.owner("many-asks");
        PageClient page = new PageClient();
        page.post("/login", Map.of("email", owner.email(), "password", TestTenants.PASSWORD));
        for (int i = 0; i < 10; i++) {
            emailChannel(owner, TestTenants.email("asked")).then().statusCode(201);
            assertThat(page.post("/app/members/invite", Map.of("email", TestTenants.email("invited"), "role", "member"))
                    .statusCode()).isEqualTo(303);
        }
        String invited = TestTenants.email("one-too-many");
        Response refused = page.post("/app/members/invite", Map.of("email", invited, "role", "member"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.contentType()).startsWith("text/html");
        assertThat(refused.body().asString()).contains("This account sent 20 confirmation and invitation mails within the hour")
                .contains("Wait about");
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select count(*) from invitations where email = ?1")
                .setParameter(1, invited).getSingleResult()).toString()).isEqualTo("0");
        emailChannel(owner, TestTenants.email("asked")).then().statusCode(429);
    }

    @Test
    void oneChannelAddressGetsAtMostThirtyTestsAndReplaysAnHour() {
        TestTenants.Person owner = tenants.owner("tester");
        String hook = "https://hooks.example.com/" + UUID.randomUUID();
        String channel = webhook(owner, hook);
        String delivery = null;
        for (int i = 0; i < 29; i++) {
            delivery = as(owner.writeKey()).post("/api/v1/channels/" + channel + "/test").then().statusCode(202).extract().path("deliveryId");
        }
        as(owner.writeKey()).post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(202);

        // Another account's channel to the same URL shares the recipient's allowance.
        TestTenants.Person other = tenants.owner("tester-b");
        String sameHook = webhook(other, hook);
        Response refused = as(other.writeKey()).post("/api/v1/channels/" + sameHook + "/test");
        refused.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("detail", containsString("30 channel tests and replays"));
        assertThat(refused.header("Retry-After")).isNotNull();
        as(owner.writeKey()).post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(429)
                .header("Retry-After", notNullValue());
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select count(*) from outbox where account_id = ?1")
                .setParameter(1, other.accountId()).getSingleResult()).toString()).as("no delivery queued").isEqualTo("0");

        // The page says the same, readably.
        PageClient page = new PageClient();
        page.post("/login", Map.of("email", owner.email(), "password", TestTenants.PASSWORD));
        Response onPage = page.post("/app/channels/" + channel + "/test", Map.of());
        assertThat(onPage.statusCode()).isEqualTo(429);
        assertThat(onPage.header("Retry-After")).isNotBlank();
        assertThat(onPage.body().asString()).contains("30 channel tests and replays within the hour").contains("Wait about");
    }

    @Test
    void oneAccountAsksForAtMost120TestsAndReplaysAnHour() {
        TestTenants.Person owner = tenants.owner("busy");
        String[] channels = new String[5];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = webhook(owner, "https://hooks.example.com/" + UUID.randomUUID());
        }
        for (int i = 0; i < 120; i++) {
            as(owner.writeKey()).post("/api/v1/channels/" + channels[i % channels.length] + "/test").then().statusCode(202);
        }
        as(owner.writeKey()).post("/api/v1/channels/" + webhook(owner, "https://hooks.example.com/" + UUID.randomUUID()) + "/test")
                .then().statusCode(429).body("detail", containsString("This account sent 120 channel tests and replays"));
    }

    private static Response emailChannel(TestTenants.Person owner, String address) {
        return as(owner.writeKey()).body(Map.of("type", "email", "target", address)).post("/api/v1/channels");
    }

    private static String webhook(TestTenants.Person owner, String url) {
        return as(owner.writeKey()).body(Map.of("type", "webhook", "target", url)).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
    }

    private long channelsTo(UUID account, String address) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from channels where account_id = ?1 and target = ?2")
                .setParameter(1, account).setParameter(2, address).getSingleResult()).longValue());
    }
}
