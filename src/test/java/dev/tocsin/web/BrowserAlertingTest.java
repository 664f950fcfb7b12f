package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.incident.MaintenanceWindow;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.notify.channel.Route;
import dev.tocsin.testing.Accessibility;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Routes and maintenance windows through the browser: add, refuse bad input at the field, edit, delete. */
@QuarkusTest
class BrowserAlertingTest {

    private static final String BASE = BrowserJourneyTest.BASE;

    @Inject
    TestTenants tenants;

    @Inject
    Monitors monitors;

    @Inject
    EntityManager em;

    private WebDriver browser;

    @BeforeEach
    void open() {
        browser = Browser.start();
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    @Test
    void aRouteIsAddedRefusedWithAReadableMessageEditedAndDeleted() {
        TestTenants.Person owner = tenants.owner("routesweb");
        UUID monitor = monitor(owner, "Checkout API");
        BrowserMonitorsTest.signIn(browser, owner);
        browser.get(BASE + "/app/routes");
        assertThat(await("routes").getText()).as("the sign-up route").contains("Every monitor");
        browser.findElement(By.cssSelector("input[name=monitorIds][value='" + monitor + "']")).click();
        new Select(browser.findElement(By.id("minSeverity"))).selectByValue("down");
        fill("reminderMinutes", "5");
        browser.findElement(By.id("add-route")).click();
        assertThat(await("reminderMinutes-error").getText()).contains("10 and 10,080 minutes");
        Accessibility.check(browser, "routes-errors");
        assertThat(routes(owner)).as("nothing half-written").hasSize(1);

        fill("reminderMinutes", "30");
        browser.findElement(By.id("add-route")).click();
        assertThat(await("notice").getText()).contains("Route saved");
        assertThat(browser.findElement(By.id("routes")).getText()).contains("Monitors: Checkout API").contains("every 30 min");
        Accessibility.check(browser, "routes");
        Route added = routes(owner).stream().filter(r -> r.monitorIds.contains(monitor)).findFirst().orElseThrow();
        assertThat(added.minSeverity).isEqualTo("down");
        assertThat(added.reminderSeconds).isEqualTo(1800);

        browser.get(BASE + "/app/routes/" + added.id);
        fill("reminderMinutes", "0");
        Accessibility.check(browser, "route-edit");
        browser.findElement(By.id("save-route")).click();
        assertThat(await("routes").getText()).contains("none");
        browser.get(BASE + "/app/routes/" + added.id);
        ((JavascriptExecutor) browser).executeScript("window.confirm = () => true;");
        await("delete-route").click();
        assertThat(await("notice").getText()).contains("Route deleted");
        assertThat(routes(owner)).hasSize(1);
    }

    @Test
    void aMaintenanceWindowIsAddedShowsWhatItSuppressedIsEditedAndDeleted() {
        TestTenants.Person owner = tenants.owner("windowweb");
        UUID monitor = monitor(owner, "Search API");
        BrowserMonitorsTest.signIn(browser, owner);
        browser.get(BASE + "/app/maintenance");
        await("no-windows");
        new Select(browser.findElement(By.id("monitorId"))).selectByVisibleText("Search API");
        setValue("endsAt", "2020-01-01T00:00");
        fill("reason", "Database upgrade");
        browser.findElement(By.id("add-window")).click();
        assertThat(await("endsAt-error").getText()).contains("End must be after the start");
        Accessibility.check(browser, "maintenance-errors");
        assertThat(windows(owner)).as("nothing half-written").isEmpty();

        Instant now = MutableClock.INSTANCE.instant();
        setValue("startsAt", local(now.minus(Duration.ofMinutes(30)), browser));
        setValue("endsAt", local(now.plus(Duration.ofHours(2)), browser));
        browser.findElement(By.id("add-window")).click();
        assertThat(await("notice").getText()).contains("Maintenance window saved");
        assertThat(browser.findElement(By.id("windows")).getText()).contains("Search API").contains("active").contains("Database upgrade");
        Accessibility.check(browser, "maintenance");

        MaintenanceWindow w = windows(owner).get(0);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into signals (id, account_id, monitor_id, source, severity, cause, reason, observed_at)
                values (?1, ?2, ?3, 'probe', 'down', 'server_error', 'The server answered 502', ?4)""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, owner.accountId()).setParameter(3, monitor)
                .setParameter(4, now.minus(Duration.ofMinutes(5))).executeUpdate());
        browser.findElement(By.className("open-window")).click();
        assertThat(await("suppressed").getText()).contains("Signals kept quiet (1)").contains("The server answered 502");
        Accessibility.check(browser, "maintenance-window");
        fill("reason", "Database upgrade, part 2");
        browser.findElement(By.id("save-window")).click();
        assertThat(await("windows").getText()).contains("Database upgrade, part 2");
        browser.get(BASE + "/app/maintenance/" + w.id);
        ((JavascriptExecutor) browser).executeScript("window.confirm = () => true;");
        await("delete-window").click();
        assertThat(await("notice").getText()).contains("deleted");
        assertThat(windows(owner)).isEmpty();
    }

    /** A datetime-local value for an instant in the browser's own zone, as the page's script shows times. */
    private static String local(Instant at, WebDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const d = new Date(arguments[0]); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);",
                at.toString());
    }

    private UUID monitor(TestTenants.Person owner, String name) {
        return QuarkusTransaction.requiringNew().call(() -> monitors.create(owner.accountId(), new MonitorDraft(name, null, null,
                "https://" + UUID.randomUUID() + ".example.com/health", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null)).id);
    }

    private List<Route> routes(TestTenants.Person owner) {
        return QuarkusTransaction.requiringNew().call(() -> Route.<Route>list("accountId", owner.accountId()));
    }

    private List<MaintenanceWindow> windows(TestTenants.Person owner) {
        return QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>list("accountId", owner.accountId()));
    }

    private void setValue(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }

    private void fill(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private WebElement await(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }
}
