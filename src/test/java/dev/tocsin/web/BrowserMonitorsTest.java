package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.monitor.Monitor;
import dev.tocsin.testing.Accessibility;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Custom HTTP and status-page monitors through the browser: add, read, edit, pause, resume and delete. */
@QuarkusTest
public class BrowserMonitorsTest {

    private static final String BASE = BrowserJourneyTest.BASE;

    @Inject
    TestTenants tenants;

    @Inject
    dev.tocsin.probe.ProbeEngine probes;

    private WebDriver browser;
    private StubServer stub;

    @BeforeEach
    void open() {
        browser = Browser.start();
        stub = StubServer.start();
    }

    @AfterEach
    void close() {
        browser.quit();
        stub.close();
    }

    public static void signIn(WebDriver browser, TestTenants.Person person) {
        browser.get(BASE + "/login");
        browser.findElement(By.id("email")).sendKeys(person.email());
        browser.findElement(By.id("password")).sendKeys(TestTenants.PASSWORD);
        browser.findElement(By.id("signin")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/app"));
    }

    @Test
    void aCustomHttpMonitorIsAddedWithItsChecksEditedPausedResumedAndDeleted() {
        TestTenants.Person owner = tenants.owner("httpweb");
        signIn(browser, owner);
        browser.get(BASE + "/app/monitors/new");
        await("pick-http").click();
        await("url").sendKeys("not a url");
        browser.findElement(By.id("name")).sendKeys("Payments API");
        browser.findElement(By.cssSelector("details.advanced summary")).click();
        WebElement interval = browser.findElement(By.id("intervalSeconds"));
        interval.clear();
        interval.sendKeys("10");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("error-summary").getText()).contains("There is a problem").contains("URL").contains("Check interval");
        assertThat(browser.findElement(By.id("intervalSeconds-error")).getText()).contains("Check interval").contains("30");
        Accessibility.check(browser, "monitor-new-http-errors");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Monitor.count("accountId", owner.accountId()))).as("nothing half-written").isZero();

        fill("url", stub.url("/health"));
        fill("intervalSeconds", "120");
        fill("expectStatus", "200, 204");
        fill("bodyContains", "ok");
        fill("headers", "Authorization: Bearer s3cret-header\nAccept: application/json");
        fill("tags", "payments, production");
        new Select(browser.findElement(By.id("method"))).selectByValue("HEAD");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("notice").getText()).contains("Monitor added");
        UUID id = UUID.fromString(browser.getCurrentUrl().replaceAll(".*/app/monitors/([0-9a-f-]{36}).*", "$1"));
        Monitor stored = QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id));
        assertThat(stored.method).isEqualTo("HEAD");
        assertThat(stored.expectStatus).containsExactly(200, 204);
        assertThat(stored.intervalSeconds).isEqualTo(120);
        assertThat(stored.tags).containsExactly("payments", "production");
        // Header values are sealed at rest: the column shows them masked, the monitor's own reader in clear.
        assertThat(stored.headers.get("Authorization")).doesNotContain("s3cret");
        assertThat(QuarkusTransaction.requiringNew().call(() -> io.quarkus.arc.Arc.container()
                .instance(dev.tocsin.monitor.Monitors.class).get().headers(Monitor.<Monitor>findById(id))))
                .containsEntry("Authorization", "Bearer s3cret-header");
        assertThat(browser.findElement(By.id("monitor-status")).getText()).isEqualTo("pending");
        Accessibility.check(browser, "monitor-http");

        browser.findElement(By.id("edit-monitor")).click();
        assertThat(await("headers").getAttribute("value")).contains("Authorization: (unchanged)").doesNotContain("s3cret");
        assertThat(browser.getPageSource()).doesNotContain("s3cret-header");
        Accessibility.check(browser, "monitor-edit");
        fill("name", "Payments API (EU)");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("notice").getText()).contains("saved");
        assertThat(browser.findElement(By.id("monitor-title")).getText()).isEqualTo("Payments API (EU)");
        assertThat(QuarkusTransaction.requiringNew().call(() -> io.quarkus.arc.Arc.container()
                .instance(dev.tocsin.monitor.Monitors.class).get().headers(Monitor.<Monitor>findById(id))))
                .as("the masked secret header kept its value").containsEntry("Authorization", "Bearer s3cret-header");

        browser.findElement(By.id("pause-monitor")).click();
        awaitText("monitor-status", "paused");
        browser.get(BASE + "/app?tag=payments&status=paused");
        assertThat(await("monitor-" + id).getText()).contains("Payments API (EU)");
        browser.get(BASE + "/app/monitors/" + id);
        await("resume-monitor").click();
        awaitText("monitor-status", "pending");

        browser.findElement(By.id("delete-monitor")).click();
        Accessibility.check(browser, "monitor-delete");
        await("confirm-delete").click();
        assertThat(await("notice").getText()).contains("deleted");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id))).isNull();
    }

    @Test
    void aStatusPageMonitorIsFoundWithItsComponentsChosenEditedAndDeleted() throws IOException {
        stub.reply("/acme/api/v2/summary.json", fixture("statuspage-v2/operational.json"));
        TestTenants.Person owner = tenants.owner("pageweb");
        signIn(browser, owner);
        browser.get(BASE + "/app/monitors/new");
        await("pick-statuspage").click();
        await("detect-url").sendKeys(stub.url("/nowhere/"));
        browser.findElement(By.id("detect")).click();
        assertThat(await("url-error").getText()).contains("No supported status page");
        Accessibility.check(browser, "monitor-new-statuspage");

        fill("detect-url", stub.url("/acme/"));
        browser.findElement(By.id("detect")).click();
        assertThat(await("detected-platform").getText()).contains("statuspage-v2");
        List<WebElement> components = browser.findElements(By.name("components"));
        assertThat(components).extracting(c -> c.getAttribute("value")).contains("Chat Completions");
        components.stream().filter(c -> "Chat Completions".equals(c.getAttribute("value"))).findFirst().orElseThrow().click();
        fill("name", "Acme status");
        Accessibility.check(browser, "monitor-new-statuspage-components");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("notice").getText()).contains("Monitor added");
        UUID id = UUID.fromString(browser.getCurrentUrl().replaceAll(".*/app/monitors/([0-9a-f-]{36}).*", "$1"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id)).components).containsExactly("Chat Completions");
        assertThat(browser.findElement(By.id("vendor-page")).getText()).contains("statuspage-v2");
        Accessibility.check(browser, "monitor-statuspage");

        browser.findElement(By.id("edit-monitor")).click();
        fill("name", "Acme AI status");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("monitor-title").getText()).isEqualTo("Acme AI status");
        browser.findElement(By.id("pause-monitor")).click();
        awaitText("monitor-status", "paused");
        browser.findElement(By.id("delete-monitor")).click();
        await("confirm-delete").click();
        assertThat(await("notice").getText()).contains("deleted");
    }

    @Test
    void aMonitorProbedFromSeveralRegionsShowsEachRegionsViewAndKeepsItsRegionsWhenEditedInTheBrowser() {
        TestTenants.Person owner = tenants.owner("regionsweb");
        stub.reply("/regional", Reply.of(503, "{\"error\":\"overloaded\"}"));
        UUID id = dev.tocsin.probe.ProbeTestSupport.createMonitor(owner.writeKey(), java.util.Map.of("name", "Search API",
                "url", stub.url("/regional"), "regions", List.of("eu", "us", "ap"), "quorum", 2, "failureThreshold", 1));
        dev.tocsin.testing.MutableClock.INSTANCE.advance(Duration.ofSeconds(31));
        probes.runDue(owner.accountId(), "eu");
        stub.reply("/regional", Reply.of(200, "{}"));
        probes.runDue(owner.accountId(), "us");

        signIn(browser, owner);
        browser.get(BASE + "/app/monitors/" + id);
        String regions = await("regions").getText();
        assertThat(regions).contains("2 of 3 regions").contains("eu").contains("503").contains("ap").contains("not yet");
        assertThat(browser.findElement(By.id("recent-results")).getText()).contains("eu").contains("us");
        Accessibility.check(browser, "monitor-regions");

        browser.findElement(By.id("edit-monitor")).click();
        fill("name", "Search API (all regions)");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("notice").getText()).contains("saved");
        Monitor stored = QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id));
        assertThat(stored.regions).as("an edit of the name keeps the regions").containsExactly("eu", "us", "ap");
        assertThat(stored.quorum).isEqualTo(2);

        browser.findElement(By.id("edit-monitor")).click();
        await("region-ap").click();
        fill("quorum", "3");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("quorum-error").getText()).contains("Regions that must agree").contains("from 1 to 2");
        Accessibility.check(browser, "monitor-edit-regions-errors");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id)).regions).as("nothing half-written")
                .containsExactly("eu", "us", "ap");
        assertThat(browser.findElement(By.id("region-ap")).isSelected()).as("the choice is kept on the page").isFalse();
        fill("quorum", "");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("notice").getText()).contains("saved");
        stored = QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(id));
        assertThat(stored.regions).containsExactly("eu", "us");
        assertThat(stored.quorum).as("a majority of two").isEqualTo(2);
    }

    private Reply fixture(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/statuspage/" + path)) {
            return Reply.of(200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void fill(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** Waits for the next page's element to say {@code text}: the previous page's may still be there, then gone. */
    private void awaitText(String id, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBe(By.id(id), text));
    }

    private WebElement await(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }
}
