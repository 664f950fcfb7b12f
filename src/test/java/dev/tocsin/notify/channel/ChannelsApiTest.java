package dev.tocsin.notify.channel;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelsApiTest {

    @Inject
    TestTenants tenants;

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    ChannelLinks links;

    private static String tokenOf(String link) {
        return java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String confirmLink(String address, int nth) {
        Mailbox mailbox = new Mailbox(greenMail);
        java.util.function.Supplier<java.util.List<jakarta.mail.internet.MimeMessage>> confirmations = () -> mailbox.to(address).stream()
                .filter(m -> Mailbox.subject(m).contains("Confirm Tocsin alerts")).toList();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> confirmations.get().size() >= nth);
        return Mailbox.link(confirmations.get().get(nth - 1), "/channels/");
    }

    @Test
    void aConfirmationLinkConfirmsOnlyTheAddressItWasSentTo() {
        TestTenants.Person owner = tenants.owner("moved");
        String first = TestTenants.email("first");
        String second = TestTenants.email("second");
        String id = as(owner.writeKey()).body(Map.of("type", "email", "target", first)).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
        String oldToken = tokenOf(confirmLink(first, 1));
        as(owner.writeKey()).body(Map.of("target", second)).patch("/api/v1/channels/" + id).then().statusCode(200)
                .body("confirmed", equalTo(false));

        PageClient browser = new PageClient();
        assertThat(browser.post("/channels/" + id + "/confirm", Map.of("token", oldToken)).statusCode())
                .as("a link minted for the first address").isEqualTo(400);
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().body("confirmed", equalTo(false));
        assertThat(browser.post("/channels/" + id + "/confirm", Map.of("token", tokenOf(confirmLink(second, 1)))).statusCode())
                .isEqualTo(200);
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().body("confirmed", equalTo(true));
    }

    @Test
    void afterAnUnsubscribeOnlyTheRecipientTurnsAlertsBackOn() {
        TestTenants.Person owner = tenants.owner("optout");
        String address = TestTenants.email("optout");
        String id = as(owner.writeKey()).body(Map.of("type", "email", "target", address)).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
        PageClient recipient = new PageClient();
        recipient.post("/channels/" + id + "/confirm", Map.of("token", tokenOf(confirmLink(address, 1))));
        as(owner.writeKey()).post("/api/v1/channels/" + id + "/test").then().statusCode(202);

        String unsubscribe = links.unsubscribeUrl(java.util.UUID.fromString(id), address);
        assertThat(recipient.post("/channels/" + id + "/unsubscribe", Map.of("token", tokenOf(unsubscribe))).statusCode()).isEqualTo(200);
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().body("enabled", equalTo(false));

        as(owner.writeKey()).body(Map.of("enabled", true)).patch("/api/v1/channels/" + id).then().statusCode(200)
                .body("enabled", equalTo(true)).body("confirmed", equalTo(false));
        as(owner.writeKey()).post("/api/v1/channels/" + id + "/test").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("channel-unconfirmed"));
        String again = confirmLink(address, 2);
        recipient.post("/channels/" + id + "/confirm", Map.of("token", tokenOf(again)));
        as(owner.writeKey()).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
    }

    @Test
    void signUpCreatesTheOwnersEmailChannelRoutedToEverything() {
        TestTenants.Person owner = tenants.owner("default");
        as(owner.writeKey()).get("/api/v1/channels").then().statusCode(200)
                .body("items[0].type", equalTo("email")).body("items[0].target", equalTo(owner.email()))
                .body("items[0].confirmed", equalTo(true)).body("items[0].enabled", equalTo(true));
    }

    @Test
    void theOwnersChannelReceivesNothingUntilTheOwnerHasVerifiedTheAddress() {
        TestTenants.Person owner = tenants.unverifiedOwner("unverified");
        String channel = as(owner.writeKey()).get("/api/v1/channels").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1)).body("items[0].target", equalTo(owner.email()))
                .body("items[0].confirmed", equalTo(false)).extract().path("items[0].id");
        as(owner.writeKey()).get("/api/v1/routes").then().body("items[0].channelId", equalTo(channel))
                .body("items[0].monitorIds", org.hamcrest.Matchers.empty());
        as(owner.writeKey()).post("/api/v1/channels/" + channel + "/test").then().statusCode(409);
    }

    @Test
    void aWebhookSecretIsShownOnceAndNeverAgain() {
        TestTenants.Person owner = tenants.owner("secret");
        var created = as(owner.writeKey()).body(Map.of("type", "webhook", "target", "https://hooks.example.com/tocsin"))
                .post("/api/v1/channels").then().statusCode(201).body("secret", startsWith("whsec_"))
                .body("name", equalTo("Webhook hooks.example.com")).extract();
        String id = created.path("id");
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().body("secret", nullValue());
        String list = as(owner.writeKey()).get("/api/v1/channels").then().extract().asString();
        assertThat(list).doesNotContain((String) created.path("secret")).doesNotContain("whsec_");
    }

    @Test
    void anEmailAddressOutsideTheAccountConfirmsBeforeReceivingAlerts() {
        TestTenants.Person owner = tenants.owner("confirm");
        String address = TestTenants.email("oncall");
        String id = as(owner.writeKey()).body(Map.of("type", "email", "target", address)).post("/api/v1/channels")
                .then().statusCode(201).body("confirmed", equalTo(false)).extract().path("id");
        as(owner.writeKey()).post("/api/v1/channels/" + id + "/test").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("channel-unconfirmed"));

        String link = Mailbox.link(new Mailbox(greenMail).await(address, "Confirm Tocsin alerts"), "/channels/");
        String path = link.substring(link.indexOf("/channels/"));
        PageClient browser = new PageClient();
        assertThat(browser.get(path).body().asString()).contains("Yes, send me alerts");
        String token = path.substring(path.indexOf("token=") + 6);
        assertThat(browser.post("/channels/" + id + "/confirm", Map.of("token", token)).body().asString()).contains("Confirmed");
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().body("confirmed", equalTo(true));
        assertThat(browser.post("/channels/" + id + "/confirm", Map.of("token", token)).statusCode()).as("used once").isEqualTo(400);
        as(owner.writeKey()).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
    }

    @Test
    void badChannelsAreRefusedFieldByFieldAndNothingIsWritten() {
        TestTenants.Person owner = tenants.owner("badchan");
        as(owner.writeKey()).body(Map.of("type", "sms", "target", "+15550100")).post("/api/v1/channels").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItems("type"));
        as(owner.writeKey()).body(Map.of("type", "webhook", "target", "ftp://x.example.com")).post("/api/v1/channels")
                .then().statusCode(400).body("errors[0].field", equalTo("target"));
        as(owner.writeKey()).body(Map.of("type", "email")).post("/api/v1/channels").then().statusCode(400)
                .body("errors[0].field", equalTo("target"));
        as(owner.writeKey()).body("{\"type\": 5, \"target\": [").post("/api/v1/channels").then().statusCode(400)
                .contentType("application/problem+json");
        as(owner.writeKey()).body(Map.of("type", "webhook", "target", "https://x.example.com", "enabled", "sometimes"))
                .post("/api/v1/channels").then().statusCode(400);
        as(owner.writeKey()).get("/api/v1/channels").then().body("items.size()", equalTo(1));
    }

    @Test
    void channelsCanBeRenamedDisabledAndDeleted() {
        TestTenants.Person owner = tenants.owner("edit");
        String id = as(owner.writeKey()).body(Map.of("type", "discord", "target", "https://discord.com/api/webhooks/1/a"))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        as(owner.writeKey()).body(Map.of("name", "War room", "enabled", false)).patch("/api/v1/channels/" + id)
                .then().statusCode(200).body("name", equalTo("War room")).body("enabled", equalTo(false));
        as(owner.writeKey()).body(Map.of("type", "slack")).patch("/api/v1/channels/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("type"));
        as(owner.writeKey()).delete("/api/v1/channels/" + id).then().statusCode(204);
        as(owner.writeKey()).get("/api/v1/channels/" + id).then().statusCode(404);
    }
}
