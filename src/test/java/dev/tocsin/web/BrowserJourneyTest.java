package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.Accessibility;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A new user's whole first outage, with nothing but the browser: sign up, confirm from the mail, add
 * Mistral from the catalog picker against a local stub, see it up, see the outage become an incident,
 * acknowledge it, and see it resolve when the stub recovers. Every page passes the accessibility checks
 * and leaves its screenshots.
 */
@QuarkusTest
public class BrowserJourneyTest {

    public static final String BASE = "http://localhost:8081";
    private static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"mistral-small-latest\"},{\"id\":\"mistral-medium-latest\"},"
            + "{\"id\":\"mistral-large-latest\"},{\"id\":\"codestral-latest\"}]}";

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    ProbeEngine engine;

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

    @Test
    void signUpAddMistralSeeAnOutageAcknowledgeItAndSeeItResolve() {
        stub.reply("/v1/models", Reply.of(200, MODELS));
        browser.get(BASE + "/");
        Accessibility.check(browser, "home");
        browser.findElement(By.id("home-signup")).click();
        String email = TestTenants.email("journey");
        await("email").sendKeys(email);
        Accessibility.check(browser, "signup");
        browser.findElement(By.id("password")).sendKeys("a journey-made passphrase");
        browser.findElement(By.id("accountName")).sendKeys("Journey Co");
        browser.findElement(By.id("signup")).click();
        await("check-inbox");
        browser.get(Mailbox.link(new Mailbox(greenMail).await(email, "Confirm your email"), "/verify-email?token="));
        // The link only opens a page: the button signs in, so a scanner that opens the link does nothing.
        await("verify");
        Accessibility.check(browser, "verify-email");
        browser.findElement(By.id("verify")).click();

        assertThat(await("empty-state").getText()).contains("Nothing watched yet").doesNotContain("{");
        Accessibility.check(browser, "dashboard-empty");
        browser.findElement(By.id("add-first-monitor")).click();
        await("pick-mistral");
        Accessibility.check(browser, "monitor-picker");
        browser.findElement(By.id("pick-mistral")).click();
        await("credential");
        assertThat(browser.findElement(By.id("intervalSeconds")).getAttribute("value")).as("prefilled from the rules").isEqualTo("60");
        browser.findElement(By.id("save-monitor")).click();
        assertThat(await("credential-error").getText()).contains("API key").contains("required");
        Accessibility.check(browser, "monitor-new-errors");
        browser.findElement(By.id("credential")).sendKeys("sk-journey-key");
        browser.findElement(By.cssSelector("details.advanced summary")).click();
        WebElement endpoint = browser.findElement(By.id("url"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", endpoint, stub.url("/v1/models"));
        browser.findElement(By.id("save-monitor")).click();
        await("monitor-title");
        UUID monitorId = UUID.fromString(browser.getCurrentUrl().replaceAll(".*/app/monitors/([0-9a-f-]{36}).*", "$1"));
        UUID account = QuarkusTransaction.requiringNew().call(() -> Monitor.<Monitor>findById(monitorId).accountId);
        assertThat(browser.getPageSource()).doesNotContain("sk-journey-key");

        runUntil(account, monitorId, m -> m.status == MonitorStatus.UP);
        assertThat(stub.received("/v1/models").get(0).headers().getFirst("Authorization")).isEqualTo("Bearer sk-journey-key");
        browser.get(BASE + "/app");
        WebElement row = await("monitor-" + monitorId);
        assertThat(row.findElement(By.className("status")).getText()).isEqualTo("up");
        assertThat(row.findElement(By.className("uptime-24h")).getText()).isEqualTo("100.0%");
        assertThat(row.findElements(By.cssSelector("svg.spark"))).hasSize(1);
        Accessibility.check(browser, "dashboard");

        stub.reply("/v1/models", Reply.of(503, "{\"object\":\"error\",\"message\":\"Service unavailable\",\"type\":\"service_unavailable\"}"));
        runUntil(account, monitorId, m -> m.status == MonitorStatus.DOWN);
        browser.get(BASE + "/app");
        WebElement incident = await("open-incidents").findElement(By.className("incident-link"));
        assertThat(incident.getText()).contains("Mistral");
        assertThat(browser.findElement(By.id("monitor-" + monitorId)).findElement(By.className("cause")).getText()).isNotBlank();
        Accessibility.check(browser, "dashboard-incident");
        browser.get(BASE + "/app/monitors/" + monitorId);
        assertThat(await("monitor-status").getText()).isEqualTo("down");
        assertThat(browser.findElement(By.id("last-failure")).getText()).contains("503");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#latency-chart canvas")).isEmpty());
        Accessibility.check(browser, "monitor");
        browser.findElement(By.linkText("7 days")).click();
        await("latency-chart");
        Accessibility.check(browser, "monitor-7d");

        browser.get(BASE + "/app");
        await("open-incidents").findElement(By.className("incident-link")).click();
        await("acknowledge").click();
        // The page before the click has an incident-state too: wait for the next page's.
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBe(By.id("incident-state"), "acknowledged"));
        Accessibility.check(browser, "incident");
        String incidentUrl = browser.getCurrentUrl();

        stub.reply("/v1/models", Reply.of(200, MODELS));
        runUntil(account, monitorId, m -> m.status == MonitorStatus.UP);
        browser.get(incidentUrl);
        assertThat(await("incident-state").getText()).isEqualTo("resolved");
        assertThat(browser.findElement(By.id("incident-duration")).getText()).matches("\\d+ (s|min)");
        browser.get(BASE + "/app/incidents?state=resolved");
        assertThat(await("incidents").getText()).contains("Mistral");
        Accessibility.check(browser, "incidents");
    }

    /** Moves the clock in small steps and runs what falls due, until the monitor is as wanted. */
    private void runUntil(UUID account, UUID monitor, Predicate<Monitor> wanted) {
        for (int step = 0; step < 300; step++) {
            engine.runDue(account);
            if (QuarkusTransaction.requiringNew().call(() -> wanted.test(Monitor.<Monitor>findById(monitor)))) {
                return;
            }
            MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        }
        Object diagnosis = QuarkusTransaction.requiringNew().call(() -> Monitor.getEntityManager().createNativeQuery(
                "select m.url, m.status, (select string_agg(outcome || ' ' || coalesce(cause, '') || ' ' || coalesce(reason, ''), '; ')"
                        + " from (select * from probe_results p where p.monitor_id = m.id order by started_at desc limit 3) r)"
                        + " from monitors m where m.id = ?1").setParameter(1, monitor).getResultList().stream()
                .map(row -> java.util.Arrays.toString((Object[]) row)).toList());
        throw new AssertionError("monitor " + monitor + " never reached the wanted state within 10 minutes of clock: " + diagnosis);
    }

    private WebElement await(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    static void scrollTop(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    }
}
