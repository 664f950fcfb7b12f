package dev.tocsin.web.usage;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage page reads the same figures as {@code GET /api/v1/usage}, computed by hand here. */
@QuarkusTest
class UsagePageTest {

    @Inject
    TestTenants tenants;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    static String call(String provider, String model, int status, int latencyMs, long in, long out, Instant at) {
        return """
                {"provider":"%s","model":"%s","status":%d,"latencyMs":%d,"inputTokens":%d,"outputTokens":%d,"at":"%s"}"""
                .formatted(provider, model, status, latencyMs, in, out, at);
    }

    static void report(TestTenants.Person owner, List<String> calls) {
        as(owner.writeKey()).body("[" + String.join(",", calls) + "]").post("/api/v1/events").then().statusCode(202);
    }

    static PageClient signIn(TestTenants.Person person) {
        PageClient browser = new PageClient();
        assertThat(browser.post("/login", Map.of("email", person.email(), "password", TestTenants.PASSWORD)).statusCode()).isEqualTo(303);
        return browser;
    }

    /** 90 answered, 6 rate-limited and 4 failed Mistral calls, and 10 answered OpenAI calls, two minutes ago. */
    static void seed(TestTenants.Person owner) {
        Instant at = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            calls.add(call("mistral", "mistral-small-latest", 200, 40, 1000, 500, at));
        }
        for (int i = 0; i < 6; i++) {
            calls.add(call("mistral", "mistral-small-latest", 429, 900, 0, 0, at));
        }
        for (int i = 0; i < 4; i++) {
            calls.add(call("mistral", "mistral-small-latest", 503, 900, 0, 0, at));
        }
        for (int i = 0; i < 10; i++) {
            calls.add(call("openai", "gpt-4o-mini", 200, 300, 100, 100, at));
        }
        report(owner, calls);
    }

    @Test
    void theTableAndTotalsShowTheFiguresOfEveryProviderAndModel() {
        TestTenants.Person owner = tenants.owner("usagepage");
        seed(owner);

        String page = signIn(owner).get("/app/usage").then().statusCode(200).extract().body().asString();
        String table = between(page, "id=\"usage-table\"", "</table>");
        // The busiest model first: 100 Mistral calls, 6 % rate-limited, 4 % failed, $0.0225 for 90 × (1000 + 500) tokens.
        assertThat(table.indexOf("mistral-small-latest")).isPositive().isLessThan(table.indexOf("gpt-4o-mini"));
        String mistral = between(table, "mistral-small-latest", "</tr>");
        assertThat(cells(mistral)).containsExactly("100", "6.0 %", "4.0 %", "0.0 %", "50 ms / 1,000 ms", "– / –", "90,000 / 45,000", "$0.0225");
        // Over both providers: 110 calls, 6 of them 429 (5.5 %), 4 errors (3.6 %).
        assertThat(between(page, "id=\"total-calls\">", "<")).isEqualTo("110");
        assertThat(between(page, "id=\"total-429\">", "<")).isEqualTo("5.5\u00a0%");
        assertThat(between(page, "id=\"total-errors\">", "<")).isEqualTo("3.6\u00a0%");
        // The charts' series carry both models on one time axis.
        assertThat(between(page, "id=\"series-calls\">", "</script>")).contains("\"mistral · mistral-small-latest\"")
                .contains("\"openai · gpt-4o-mini\"").contains("\"unit\":\"calls\"");
        // No call reported a time to first token: no empty chart that would read as a fault.
        assertThat(page).contains("id=\"series-latency\"").doesNotContain("id=\"series-ttft\"");
        assertThat(page).contains("id=\"provider-filter\"");
    }

    @Test
    void oneProviderIsShownAloneAndAnUnknownOneShowsThemAll() {
        TestTenants.Person owner = tenants.owner("usagefilter");
        seed(owner);
        PageClient browser = signIn(owner);

        String openai = browser.get("/app/usage?provider=openai&range=7d").then().statusCode(200).extract().body().asString();
        assertThat(between(openai, "id=\"usage-table\"", "</table>")).contains("gpt-4o-mini").doesNotContain("mistral-small-latest");
        assertThat(between(openai, "id=\"total-calls\">", "<")).isEqualTo("10");
        assertThat(openai).contains("aria-current=\"true\">7 days</a>");

        String unknown = browser.get("/app/usage?provider=%3Cb%3Enope&range=forever").then().statusCode(200).extract().body().asString();
        assertThat(between(unknown, "id=\"total-calls\">", "<")).isEqualTo("110");
        assertThat(unknown).contains("aria-current=\"true\">24 hours</a>").doesNotContain("<b>nope");
    }

    @Test
    void aModelNamedLikeMarkupStaysText() {
        TestTenants.Person owner = tenants.owner("usagemarkup");
        as(owner.writeKey()).body("{\"provider\":\"acme-llm\",\"model\":\"*\",\"inputPerMillionUsd\":1,\"outputPerMillionUsd\":1}")
                .put("/api/v1/usage/prices").then().statusCode(200);
        Instant at = MutableClock.INSTANCE.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(60);
        report(owner, List.of(call("acme-llm", "</script><img src=x onerror=alert(1)>", 200, 10, 1, 1, at)));

        String page = signIn(owner).get("/app/usage").then().statusCode(200).extract().body().asString();
        assertThat(page).doesNotContain("<img src=x").doesNotContain("</script><img");
        assertThat(page).contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
    }

    @Test
    void anAccountWithoutCallsIsShownHowToReportThemAndItsDefaultRule() {
        TestTenants.Person owner = tenants.owner("usageempty");
        String page = signIn(owner).get("/app/usage").then().statusCode(200).extract().body().asString();
        assertThat(page).contains("id=\"usage-empty\"").contains("curl -X POST http://localhost:8081/api/v1/events")
                .contains("[{\"provider\":\"mistral\",\"model\":\"mistral-large-latest\"")
                .contains("/v1/traces").doesNotContain("id=\"usage-table\"");
        assertThat(between(page, "id=\"usage-rules\"", "</section>")).contains("429 rate above 5 % (per provider)")
                .contains("5 min, at least 100 calls").contains("holds");
    }

    @Test
    void thePageNeedsASignedInPerson() {
        var response = new PageClient().get("/app/usage");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/login");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' on the page", start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as("'%s' after '%s'", end, start).isPositive();
        return text.substring(from + start.length(), to);
    }

    /** The text of each numeric cell of a table row. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<td data-label=\"[^\"]+\" class=\"num\">([^<]*)</td>").matcher(row);
        while (m.find()) {
            cells.add(m.group(1).replace('\u00a0', ' ').trim());
        }
        return cells;
    }
}
