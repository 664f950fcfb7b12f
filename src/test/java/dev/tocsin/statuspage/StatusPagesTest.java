package dev.tocsin.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StatusPagesTest {

    @ParameterizedTest
    @EnumSource(StatusPlatform.class)
    void everyPlatformHasItsAdapter(StatusPlatform platform) {
        assertThat(StatusPages.adapterFor(platform).platform()).isEqualTo(platform);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "STATUSPAGE_V2, https://status.claude.com,            https://status.claude.com/api/v2/summary.json",
            "INCIDENT_IO,   https://status.openai.com/,           https://status.openai.com/api/v2/summary.json",
            "INSTATUS,      https://example.instatus.com,         https://example.instatus.com/summary.json",
            "BETTERSTACK,   https://status.together.ai,           https://status.together.ai/index.json",
            "ROOTLY,        https://status.mistral.ai,            https://status.mistral.ai/api/v1/status.json",
            "RSS,           https://status.deepseek.com/history.rss, https://status.deepseek.com/history.rss",
            "STATUSPAGE_V2, https://example.test/status/?ref=x,   https://example.test/status/api/v2/summary.json"})
    void fetchUrlAddsThePlatformsPathToThePage(StatusPlatform platform, String page, String expected) {
        assertThat(StatusPages.adapterFor(platform).fetchUrl(URI.create(page))).hasToString(expected);
    }

    @Test
    void unknownPageTriesJsonEndpointsBeforeFeeds() {
        assertThat(render(StatusPages.detect(URI.create("https://status.example.test")))).containsExactly(
                "statuspage-v2 https://status.example.test/api/v2/summary.json",
                "instatus https://status.example.test/summary.json",
                "betterstack https://status.example.test/index.json",
                "rootly https://status.example.test/api/v1/status.json",
                "rss https://status.example.test/history.rss",
                "rss https://status.example.test/feed.rss");
    }

    @ParameterizedTest
    @CsvSource({"https://status.cloud.google.com/en/feed.atom", "https://status.example.test/history.rss",
            "https://status.example.test/incidents.xml", "https://status.example.test/feed/"})
    void feedLookingUrlIsTriedAsAFeedFirstThenItsSiteAsJson(String url) {
        List<String> candidates = render(StatusPages.detect(URI.create(url)));

        assertThat(candidates.get(0)).isEqualTo("rss " + url);
        URI origin = URI.create(url).resolve("/");
        assertThat(candidates.get(1)).isEqualTo("statuspage-v2 " + origin + "api/v2/summary.json");
        assertThat(candidates).hasSize(5);
    }

    private static List<String> render(List<StatusPages.Candidate> candidates) {
        return candidates.stream().map(c -> c.adapter().platform().code() + " " + c.fetchUrl()).toList();
    }
}
