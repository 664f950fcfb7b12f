package dev.tocsin.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogLoaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shippedCatalogLoadsWithAtLeastTheTenPromisedProviders() {
        List<Provider> providers = CatalogLoader.fromClasspath(Catalog.RESOURCE);

        assertThat(providers).hasSizeGreaterThanOrEqualTo(10).extracting(Provider::id).contains("mistral", "openai", "anthropic",
                "gemini", "cohere", "groq", "deepseek", "together", "openrouter", "perplexity");
        assertThat(providers).allSatisfy(p -> {
            assertThat(p.probe().url().getScheme()).isEqualTo("https");
            assertThat(p.statusPage().url().getScheme()).isEqualTo("https");
            assertThat(p.probe().defaultModels()).isNotEmpty();
            assertThat(p.prices()).isNotEmpty();
        });
    }

    @Test
    void readsEveryPartOfAnEntry() {
        Provider mistral = find("mistral");
        Provider anthropic = find("anthropic");

        assertThat(mistral.probe().url()).hasToString("https://api.mistral.ai/v1/models");
        assertThat(mistral.probe().auth().headers("key-1")).containsExactly(Map.entry("Authorization", "Bearer key-1"));
        assertThat(mistral.probe().defaultModels()).contains("mistral-small-latest");
        assertThat(mistral.statusPage().platform()).isEqualTo(StatusPlatform.ROOTLY);
        assertThat(mistral.errorShape()).isEqualTo(ErrorShape.MISTRAL);
        assertThat(mistral.rateLimitHeaders()).contains("x-ratelimitbysize-remaining-minute");
        assertThat(mistral.price("mistral-small-latest")).hasValueSatisfying(price -> {
            assertThat(price.inputPerMillionUsd()).isEqualByComparingTo("0.10");
            assertThat(price.outputPerMillionUsd()).isEqualByComparingTo("0.30");
        });
        assertThat(anthropic.probe().auth().headers("key-2")).containsExactly(Map.entry("x-api-key", "key-2"),
                Map.entry("anthropic-version", "2023-06-01"));
        assertThat(anthropic.rateLimitHeaders()).contains("anthropic-ratelimit-requests-remaining");
        assertThat(find("gemini").probe().modelIdField()).isEqualTo("name");
        assertThat(find("together").probe().modelsJsonPointer()).isEmpty();
    }

    static Stream<Arguments> brokenEntries() {
        return Stream.of(
                broken("unknown status platform", "groq", e -> obj(e, "statusPage").put("platform", "statuspage"),
                        "provider 'groq'", "'statusPage.platform'", "statuspage-v2, incident-io"),
                broken("plain http probe URL", "openai", e -> obj(e, "probe").put("url", "http://api.openai.com/v1/models"),
                        "provider 'openai'", "'probe.url'", "https"),
                broken("upper-case id", "anthropic", e -> e.put("id", "Anthropic"), "provider 'Anthropic'", "'id'", "lower-case"),
                broken("repeated id", "together", e -> e.put("id", "groq"), "provider 'groq' (entry 8)", "'id'", "entry 6"),
                broken("pointer without slash", "gemini", e -> obj(e, "probe").put("modelsJsonPointer", "models"),
                        "provider 'gemini'", "'probe.modelsJsonPointer'", "'/'"),
                broken("negative price", "cohere", e -> ((ObjectNode) e.withArray("prices").get(0)).put("inputPerMillionUsd", -1),
                        "provider 'cohere'", "'prices[0].inputPerMillionUsd'", "negative"),
                broken("missing error shape", "deepseek", e -> e.remove("errorShape"), "provider 'deepseek'", "'errorShape'", "required"),
                broken("unknown error shape", "mistral", e -> e.put("errorShape", "xml"), "provider 'mistral'", "'errorShape'", "generic"),
                broken("unknown auth scheme", "perplexity", e -> obj(obj(e, "probe"), "auth").put("scheme", "basic"),
                        "provider 'perplexity'", "'probe.auth.scheme'", "bearer, header"),
                broken("header scheme without a header", "anthropic", e -> obj(obj(e, "probe"), "auth").remove("header"),
                        "provider 'anthropic'", "'probe.auth.header'", "required"),
                broken("misspelt field", "openrouter", e -> e.put("note", "typo"), "provider 'openrouter'", "'note'", "not part"),
                broken("missing name", "cohere", e -> e.remove("name"), "provider 'cohere'", "'name'", "required"),
                broken("no default models", "groq", e -> obj(e, "probe").putArray("defaultModels"), "provider 'groq'",
                        "'probe.defaultModels'", "at least one"),
                broken("bad rate-limit header name", "openai", e -> e.withArray("rateLimitHeaders").add("x ratelimit"),
                        "provider 'openai'", "'rateLimitHeaders[6]'", "header name"),
                broken("price as text", "mistral", e -> ((ObjectNode) e.withArray("prices").get(1)).put("outputPerMillionUsd", "2.00"),
                        "provider 'mistral'", "'prices[1].outputPerMillionUsd'", "number"),
                broken("status page with credentials", "gemini", e -> obj(e, "statusPage").put("url", "https://u:p@status.example.com"),
                        "provider 'gemini'", "'statusPage.url'", "no credentials"));
    }

    private static Arguments broken(String name, String id, Consumer<ObjectNode> change, String... fragments) {
        return Arguments.of(Named.of(name, id), change, fragments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEntries")
    void aBrokenEntryFailsNamingTheEntryAndTheField(String id, Consumer<ObjectNode> change, String[] fragments) throws IOException {
        ObjectNode root = shippedTree();
        for (JsonNode entry : root.withArray("providers")) {
            if (entry.get("id").asText().equals(id)) {
                change.accept((ObjectNode) entry);
            }
        }
        Path file = dir.resolve("providers.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));

        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                CatalogLoader.read(in, "providers.json");
            }
        }).isInstanceOf(CatalogException.class).hasMessageStartingWith("providers.json: ").hasMessageContainingAll(fragments);
    }

    @Test
    void anEntryWithoutAnIdIsNamedByItsPosition() {
        String json = "{\"version\":1,\"providers\":[{\"name\":\"Nameless\"}]}";

        assertThatThrownBy(() -> read(json)).isInstanceOf(CatalogException.class)
                .hasMessage("test.json: entry 1: field 'id' is required");
    }

    @Test
    void otherVersionsAndEmptyCatalogsAreRefused() {
        assertThatThrownBy(() -> read("{\"version\":2,\"providers\":[]}")).hasMessageContaining("'version' must be 1");
        assertThatThrownBy(() -> read("{\"version\":1,\"providers\":[]}")).hasMessageContaining("'providers' must be a non-empty array");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("must be an object");
    }

    @Test
    void invalidJsonIsReportedWithItsLine() {
        assertThatThrownBy(() -> read("{\"version\":1,\n\"providers\":[,]}")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("test.json is not valid JSON").hasMessageContaining("line 2");
    }

    @Test
    void aKeyWrittenTwiceIsAMistake() {
        assertThatThrownBy(() -> read("{\"version\":1,\"version\":1,\"providers\":[]}")).hasMessageContaining("not valid JSON")
                .hasMessageContaining("version");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> CatalogLoader.fromClasspath("catalog/absent.json")).isInstanceOf(CatalogException.class)
                .hasMessage("catalog/absent.json is missing from the classpath");
    }

    private static List<Provider> read(String json) {
        return CatalogLoader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static Provider find(String id) {
        return CatalogLoader.fromClasspath(Catalog.RESOURCE).stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static ObjectNode shippedTree() throws IOException {
        try (InputStream in = CatalogLoaderTest.class.getClassLoader().getResourceAsStream(Catalog.RESOURCE)) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    private static ObjectNode obj(ObjectNode parent, String field) {
        return (ObjectNode) parent.get(field);
    }
}
