package dev.tocsin.web.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.Accessibility;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import dev.tocsin.web.BrowserJourneyTest;
import dev.tocsin.web.BrowserMonitorsTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The usage page in Chromium: its charts drawn by uPlot, the accessibility checks, and its screenshots. */
@QuarkusTest
class BrowserUsageTest {

    private static final String BASE = BrowserJourneyTest.BASE;

    @Inject
    TestTenants tenants;

    private WebDriver browser;

    @BeforeEach
    void open() {
        browser = Browser.start();
    }

    @AfterEach
    void close() {
        browser.quit();
        MutableClock.INSTANCE.reset();
    }

    @Test
    void theChartsAreDrawnAndThePagePassesTheChecks() {
        TestTenants.Person owner = tenants.owner("usagebrowser");
        UsagePageTest.seed(owner);
        BrowserMonitorsTest.signIn(browser, owner);
        browser.get(BASE + "/app/usage");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        for (String chart : new String[] {"calls", "rate429", "errors", "latency"}) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-" + chart + " canvas")));
        }
        assertThat(browser.findElement(By.cssSelector("#chart-calls .u-legend")).getText())
                .contains("mistral · mistral-small-latest").contains("openai · gpt-4o-mini");
        Accessibility.check(browser, "usage");

        browser.findElement(By.linkText("openai")).click();
        wait.until(ExpectedConditions.urlContains("provider=openai"));
        assertThat(browser.findElement(By.id("usage-table")).getText()).contains("gpt-4o-mini").doesNotContain("mistral-small-latest");
    }

    @Test
    void anAccountWithoutCallsSeesHowToSendThem() {
        TestTenants.Person owner = tenants.owner("usagebrowserempty");
        BrowserMonitorsTest.signIn(browser, owner);
        browser.get(BASE + "/app/usage");
        assertThat(browser.findElement(By.id("usage-empty")).getText()).contains("No calls reported in this range");
        Accessibility.check(browser, "usage-empty");
    }
}
