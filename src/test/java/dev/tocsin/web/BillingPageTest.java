package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.billing.Subscription;
import dev.tocsin.billing.SubscriptionState;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.LocalStripe;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The billing page in a real browser, and its forms without one. */
@QuarkusTest
class BillingPageTest {

    private static final String BASE = "http://localhost:8081";

    @Inject
    TestTenants tenants;

    private static void signIn(WebDriver browser, String email) {
        browser.get(BASE + "/login");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(TestTenants.PASSWORD);
        browser.findElement(By.id("signin")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/app"));
    }

    @Test
    void showsTrialDaysLeftAndUpgradeLeadsToCheckout() {
        TestTenants.Person owner = tenants.owner("browserpayer");
        WebDriver browser = Browser.start();
        try {
            signIn(browser, owner.email());
            assertThat(browser.findElement(By.id("plan-badge")).getText()).isEqualTo("Trial · 14 days left");
            browser.findElement(By.linkText("Billing")).click();
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id("trial-days-left")));
            assertThat(browser.findElement(By.id("trial-days-left")).getText()).isEqualTo("14");
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("trialing");
            Browser.screenshots(browser, "billing-trial");

            browser.findElement(By.id("upgrade")).click();
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/checkout/cs_test_"));
            assertThat(browser.getCurrentUrl()).startsWith(LocalStripe.base() + "/checkout/cs_test_");
            assertThat(browser.getTitle()).contains("Checkout");
        } finally {
            browser.quit();
        }
    }

    @Test
    void anExpiredAccountSeesTheBannerOnEveryPageAndAMemberCannotUpgrade() {
        TestTenants.Cast cast = tenants.create();
        QuarkusTransaction.requiringNew().run(() -> Subscription.<Subscription>findById(cast.accountA()).state = SubscriptionState.EXPIRED);
        PageClient bob = new PageClient();
        bob.post("/login", Map.of("email", cast.bob().email(), "password", TestTenants.PASSWORD));
        for (String page : new String[] {"/app", "/app/api-keys", "/app/billing"}) {
            assertThat(bob.get(page).body().asString()).as(page).contains("id=\"billing-banner\"").contains("trial has ended");
        }
        String billing = bob.get("/app/billing").body().asString();
        assertThat(billing).contains("id=\"owner-only\"").doesNotContain("id=\"upgrade\"");
        Response refused = bob.post("/app/billing/checkout", Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body().asString()).contains("Only an owner");
    }

    @Test
    void aChannelTypeOutsideThePlanIsRefusedOnThePageWithTheLimitNamed() {
        TestTenants.Person owner = tenants.owner("pagepro");
        QuarkusTransaction.requiringNew().run(() -> {
            Subscription s = Subscription.findById(owner.accountId());
            s.plan = dev.tocsin.billing.Plan.PRO;
            s.state = SubscriptionState.ACTIVE;
        });
        PageClient client = new PageClient();
        client.post("/login", Map.of("email", owner.email(), "password", TestTenants.PASSWORD));
        Response refused = client.post("/app/channels", Map.of("type", "discord",
                "target", "https://discord.com/api/webhooks/1/abcdefabcdef"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body().asString()).contains("not discord").contains("/app/billing");
    }
}
