package dev.tocsin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The checks every page of a browser test goes through: axe-core (WCAG 2.1 A and AA) with no serious or
 * critical violation, a visible label for every input, and every visible control reachable with Tab.
 */
public final class Accessibility {

    private Accessibility() {
    }

    /** Runs every check on the current page and saves its screenshots under {@code name}. */
    public static void check(WebDriver driver, String name) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        List<String> severe = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                severe.add(rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                        + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")));
            }
        }
        assertThat(severe).as("serious or critical axe violations on %s (%s)", name, driver.getCurrentUrl()).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea'))
                  .filter(i => !(i.closest('label') || (i.id && document.querySelector('label[for="' + i.id + '"]'))
                               || i.closest('fieldset')?.querySelector('legend')))
                  .map(i => i.name || i.id);""");
        assertThat(unlabelled).as("inputs without a label on %s", name).isEmpty();
        assertEverythingReachableByKeyboard(driver, name);
        Browser.screenshots(driver, name);
    }

    private static void assertEverythingReachableByKeyboard(WebDriver driver, String name) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // Controls inside a closed <details> are reached by opening it; its summary is what Tab must reach.
        String visible = """
                return Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary'))
                  .filter(e => e.offsetParent !== null && !e.disabled && !e.closest('details:not([open]) > :not(summary)'))
                  .map((e, i) => { if (!e.dataset.a11y) e.dataset.a11y = 'f' + i; return e.dataset.a11y; });""";
        @SuppressWarnings("unchecked")
        List<String> expected = (List<String>) js.executeScript(visible);
        js.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        Set<String> reached = new LinkedHashSet<>();
        Actions tab = new Actions(driver);
        // A date-time field takes a Tab per part (day, month, year, hours, minutes): allow several per control.
        for (int i = 0; i < expected.size() * 8 + 10 && reached.size() < expected.size(); i++) {
            tab.sendKeys(Keys.TAB).perform();
            Object id = js.executeScript("return document.activeElement && document.activeElement.dataset.a11y;");
            if (id != null) {
                reached.add((String) id);
            }
        }
        List<String> missed = new ArrayList<>(expected);
        missed.removeAll(reached);
        @SuppressWarnings("unchecked")
        List<String> described = missed.isEmpty() ? List.of() : (List<String>) js.executeScript(
                "return arguments[0].map(id => document.querySelector('[data-a11y=\"' + id + '\"]').outerHTML.slice(0, 120));", missed);
        assertThat(described).as("controls Tab never reached on %s", name).isEmpty();
    }
}
