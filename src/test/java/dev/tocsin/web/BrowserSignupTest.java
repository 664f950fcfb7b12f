package dev.tocsin.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.testing.Browser;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.support.ui.Select;

/** The whole first visit, in a real browser: sign up, confirm by mail, create a key, use it. */
@QuarkusTest
class BrowserSignupTest {

    private static final String BASE = "http://localhost:8081";

    @InjectGreenMail
    GreenMail greenMail;

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    /** A click on submit returns before the next page has loaded: wait for what it should show. */
    private WebElement awaitElement(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    @Test
    void signUpConfirmCreateAKeyAndUseItFromAScript() {
        String email = TestTenants.email("browser");
        browser.get(BASE + "/signup");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys("a browser-made passphrase");
        browser.findElement(By.id("accountName")).sendKeys("Browser Co");
        browser.findElement(By.id("signup")).click();
        assertThat(awaitElement("check-inbox").getText()).contains(email);

        String link = Mailbox.link(new Mailbox(greenMail).await(email, "Confirm your email"), "/verify-email?token=");
        browser.get(link);
        awaitElement("verify").click();
        assertThat(browser.getCurrentUrl()).startsWith(BASE + "/app");
        assertThat(browser.findElement(By.id("user-email")).getAttribute("textContent")).isEqualTo(email);
        assertThat(browser.findElement(By.id("notice")).getText()).contains("confirmed");
        assertThat(browser.findElements(By.id("verify-banner"))).isEmpty();

        browser.findElement(By.linkText("API keys")).click();
        awaitElement("name").sendKeys("deploy script");
        // A first key is for a first write: the page defaults to write and says what each scope allows.
        assertThat(new Select(browser.findElement(By.id("scope"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("write");
        assertThat(browser.findElement(By.id("scope-hint")).getText()).contains("write").contains("read").contains("GET");
        browser.findElement(By.id("create-key")).click();
        String secret = awaitElement("key-secret").getText();
        assertThat(secret).startsWith("tcs_");
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body("{\"url\": \"https://browser.example.com/health\"}").post("/api/v1/monitors")
                .then().statusCode(201);

        given().header("Authorization", "Bearer " + secret).get("/api/v1/account")
                .then().statusCode(200)
                .body("name", equalTo("Browser Co"))
                .body("plan", equalTo("trial"))
                .body("role", equalTo("owner"));

        browser.get(BASE + "/app/api-keys");
        assertThat(browser.getPageSource()).contains(secret.substring(0, 10)).as("the secret is shown once").doesNotContain(secret);
    }
}
