package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.notify.OutboxDrainer;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelsPageTest {

    @Inject
    TestTenants tenants;

    @Inject
    OutboxDrainer drainer;

    @Test
    void addATestedWebhookSeeTheDeliveryAndSendItAgain() {
        TestTenants.Person owner = tenants.owner("chanpage");
        PageClient browser = new PageClient();
        browser.post("/login", Map.of("email", owner.email(), "password", TestTenants.PASSWORD));
        assertThat(browser.get("/app/channels").body().asString()).contains(owner.email()).contains("active");

        try (StubServer receiver = StubServer.start()) {
            receiver.reply("/hook", Reply.of(500, "down"));
            var added = browser.post("/app/channels", Map.of("type", "webhook", "target", receiver.url("/hook")));
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(added.body().asString()).contains("whsec_");
            assertThat(browser.get("/app/channels").body().asString()).doesNotContain("whsec_");

            var bad = browser.post("/app/channels", Map.of("type", "webhook", "target", "ftp://nope"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body().asString()).contains("must be an http(s) URL");

            String page = browser.get("/app/channels").body().asString();
            // The newest channel, the webhook, is listed first.
            java.util.regex.Matcher test = java.util.regex.Pattern.compile("action=\"(/app/channels/[0-9a-f-]{36}/test)\"").matcher(page);
            assertThat(test.find()).isTrue();
            String testAction = test.group(1);
            assertThat(browser.post(testAction, Map.of()).statusCode()).isEqualTo(303);
            drainer.runDue(owner.accountId());
            page = browser.get("/app/channels").body().asString();
            assertThat(page).contains("answered 500");
            java.util.regex.Matcher retryForm = java.util.regex.Pattern
                    .compile("action=\"(/app/channels/deliveries/[0-9a-f-]{36}/retry)\"").matcher(page);
            assertThat(retryForm.find()).as("a failed attempt can be sent again").isTrue();
            String retry = retryForm.group(1);
            receiver.reply("/hook", Reply.of(200, "ok"));
            assertThat(browser.post(retry, Map.of()).statusCode()).isEqualTo(303);
            drainer.runDue(owner.accountId());
            assertThat(browser.get("/app/channels").body().asString()).contains("delivery-delivered");
            assertThat(receiver.received("/hook")).hasSize(2);
        }
    }
}
