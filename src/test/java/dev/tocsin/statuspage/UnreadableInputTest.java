package dev.tocsin.statuspage;

import static dev.tocsin.catalog.StatusPlatform.BETTERSTACK;
import static dev.tocsin.catalog.StatusPlatform.INCIDENT_IO;
import static dev.tocsin.catalog.StatusPlatform.INSTATUS;
import static dev.tocsin.catalog.StatusPlatform.ROOTLY;
import static dev.tocsin.catalog.StatusPlatform.RSS;
import static dev.tocsin.catalog.StatusPlatform.STATUSPAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.catalog.StatusPlatform;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnreadableInputTest {

    private static final byte[] HTML = Fixtures.body("bad/page.html");

    /** Platform, what came, and the words the message must contain: what was expected and what came instead. */
    static Stream<Arguments> unreadable() {
        return Stream.of(
                arguments(STATUSPAGE_V2, "empty body", "", "expected a Statuspage v2 summary.json but the body was empty"),
                arguments(STATUSPAGE_V2, "HTML page", HTML, "expected a Statuspage v2 summary.json (JSON) but got HTML or XML: <!DOCTYPE html>"),
                arguments(STATUSPAGE_V2, "invalid JSON", "{\"status\": {\"indicator\": ", "not valid JSON: {\"status\""),
                arguments(STATUSPAGE_V2, "JSON array", "[1, 2]", "(a JSON object) but got: [1, 2]"),
                arguments(STATUSPAGE_V2, "no status", "{\"page\": {}, \"components\": []}", "with object \"status\" but found nothing"),
                arguments(STATUSPAGE_V2, "components not a list", "{\"status\": {\"indicator\": \"none\"}, \"components\": {\"a\": 1}}",
                        "with array \"components\" but found object"),
                arguments(STATUSPAGE_V2, "incident without a name", "{\"status\": {\"indicator\": \"major\"}, \"incidents\": [{\"id\": \"x\"}]}",
                        "with string \"name\" but found nothing"),
                arguments(INCIDENT_IO, "Instatus body", Fixtures.body("instatus/degraded.json"),
                        "expected an incident.io (Statuspage-compatible) summary.json with object \"status\""),
                arguments(INSTATUS, "HTML page", HTML, "expected an Instatus summary.json (JSON) but got HTML"),
                arguments(INSTATUS, "Statuspage body", Fixtures.body("statuspage-v2/degraded.json"), "with string \"status\" but found nothing"),
                arguments(BETTERSTACK, "Statuspage body", Fixtures.body("statuspage-v2/degraded.json"), "expected a Better Stack index.json with object \"data\""),
                arguments(BETTERSTACK, "resource without a name", "{\"data\": {\"attributes\": {\"aggregate_state\": \"downtime\"}},"
                        + " \"included\": [{\"id\": \"1\", \"type\": \"status_page_resource\", \"attributes\": {\"status\": \"downtime\"}}]}",
                        "with string \"public_name\" but found nothing"),
                arguments(ROOTLY, "JSON null", "null", "(a JSON object) but got: null"),
                arguments(ROOTLY, "indicator is an object", "{\"status\": {\"indicator\": {}}}", "with string \"indicator\" but found object {}"),
                arguments(RSS, "empty body", "", "expected an RSS 2.0 or Atom feed but the body was empty"),
                arguments(RSS, "JSON", Fixtures.body("statuspage-v2/degraded.json"), "expected an RSS 2.0 or Atom feed but the body is not well-formed"),
                arguments(RSS, "HTML page", HTML, "expected an RSS 2.0 or Atom feed but the body is not well-formed"),
                arguments(RSS, "XHTML page", Fixtures.body("bad/xhtml.xml"), "but the document's root element is <html>"),
                arguments(RSS, "rss without channel", "<rss version=\"2.0\"></rss>", "the <rss> element has no <channel>"),
                arguments(RSS, "item without title", "<rss><channel><item><link>https://x.test/1</link></item></channel></rss>",
                        "whose items have a <title> but one has none"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unreadable")
    void unreadableBodySaysWhatWasExpectedAndWhatCame(StatusPlatform platform, String what, Object body, String message) {
        byte[] bytes = body instanceof byte[] raw ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StatusPages.adapterFor(platform).parse(bytes))
                .isInstanceOf(UnreadableStatusPage.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullBodyIsUnreadableNotANullPointer() {
        for (StatusPlatform platform : StatusPlatform.values()) {
            assertThatThrownBy(() -> StatusPages.adapterFor(platform).parse(null)).isInstanceOf(UnreadableStatusPage.class);
        }
    }

    @Test
    void feedDeclaringExternalEntityIsRefusedWithoutReadingTheFile() {
        assertThatThrownBy(() -> StatusPages.adapterFor(RSS).parse(Fixtures.body("bad/xxe.xml")))
                .isInstanceOf(UnreadableStatusPage.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void feedWithNoItemsIsNothingKnownNotAnOutage() {
        StatusSnapshot snapshot = Fixtures.parse(RSS, "rss/empty.xml");

        assertThat(snapshot).isEqualTo(StatusSnapshot.nothingKnown());
        assertThat(StatusChanges.between(null, snapshot, Set.of())).isEmpty();
    }

    @Test
    void unknownValuesAreUnknownNotOutages() throws UnreadableStatusPage {
        String body = "{\"status\": {\"indicator\": \"purple\"}, \"components\": [{\"id\": \"c\", \"name\": \"Chat\", \"status\": \"wobbly\"}],"
                + " \"incidents\": [{\"id\": \"i\", \"name\": \"Something\", \"status\": \"pondering\", \"impact\": \"huge\","
                + " \"updated_at\": \"yesterday\", \"shortlink\": \"not a uri\"}]}";

        StatusSnapshot snapshot = StatusPages.adapterFor(STATUSPAGE_V2).parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(Fixtures.render(snapshot)).isEqualTo("UNKNOWN | Chat=UNKNOWN | open: Something [UNKNOWN, UNKNOWN] | maintenance: ");
        assertThat(snapshot.incidents().get(0).updatedAt()).isNull();
        assertThat(snapshot.incidents().get(0).link()).isNull();
    }
}
