package dev.tocsin.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages (installed by .ci/run), driven by Selenium without
 * Selenium Manager: nothing is downloaded at test time.
 */
public final class Browser {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {
    }

    public static WebDriver start() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does it)");
        }
        System.setProperty("SE_OFFLINE", "true");
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile().toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER))
                    // Chromium's own scratch files go under target/ too.
                    .withEnvironment(java.util.Map.of("TMPDIR", Files.createDirectories(java.nio.file.Path.of("target", "tmp"))
                            .toAbsolutePath().toString()))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh browser profile under target/ (never /tmp: the build's directory is cleaned with it). */
    private static java.nio.file.Path profile() throws IOException {
        return Files.createTempDirectory(Files.createDirectories(java.nio.file.Path.of("target", "chromium-profiles")), "profile");
    }

    /**
     * Saves the current page at desktop and phone width under {@code target/screenshots/}, to be looked
     * at by a person: a page can pass every assertion and still look broken.
     */
    public static void screenshots(org.openqa.selenium.WebDriver driver, String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            Files.createDirectories(dir);
            for (var size : java.util.Map.of("desktop", new org.openqa.selenium.Dimension(1280, 900),
                    "phone", new org.openqa.selenium.Dimension(390, 844)).entrySet()) {
                driver.manage().window().setSize(size.getValue());
                byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
                Files.write(dir.resolve(name + "-" + size.getKey() + ".png"), png);
            }
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
