package dev.tocsin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import dev.tocsin.testing.contract.ApiContract;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON examples of docs/api.md are held to the OpenAPI document like the answers of the test
 * suite: a reader copies them, so they must be what the API answers. Each ```json block is preceded by
 * a comment saying which answer it shows ({@code <!-- answer: GET /api/v1/account 200 -->}), or that it
 * is not an answer of the API ({@code <!-- not an answer: … -->}); a block with neither fails.
 */
@QuarkusTest
class ApiDocsExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("(?:<!--\\s*(.*?)\\s*-->\\s*\\n)?```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ANSWER = Pattern.compile("answer: (GET|POST|PATCH|DELETE) (\\S+) (\\d{3})");

    record Example(String marker, String json, int line) {
    }

    static List<Example> examples(String markdown) {
        List<Example> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            int line = (int) markdown.substring(0, m.start(2)).lines().count();
            found.add(new Example(m.group(1), m.group(2), line));
        }
        return found;
    }

    @Test
    void everyJsonExampleOfTheApiGuideIsAnAnswerTheDocumentAllows() throws IOException {
        List<Example> examples = examples(Files.readString(Path.of("docs", "api.md")));
        assertThat(examples).as("docs/api.md has JSON examples").hasSizeGreaterThanOrEqualTo(4);
        ApiContract contract = ApiContract.ofRunningApp();
        List<String> problems = new ArrayList<>();
        int answers = 0;
        for (Example example : examples) {
            if (example.marker() == null) {
                problems.add("line " + example.line() + ": say which answer this shows (<!-- answer: METHOD /path STATUS -->)");
                continue;
            }
            Matcher answer = ANSWER.matcher(example.marker());
            if (!answer.matches()) {
                assertThat(example.marker()).as("line " + example.line()).startsWith("not an answer:");
                continue;
            }
            answers++;
            int status = Integer.parseInt(answer.group(3));
            Request request = new SimpleRequest.Builder(answer.group(1), answer.group(2)).build();
            SimpleResponse response = SimpleResponse.Builder.status(status)
                    .withContentType(status >= 400 ? "application/problem+json" : "application/json")
                    .withBody(example.json()).build();
            contract.violations(request, response).forEach(v -> problems.add("line " + example.line() + ": " + v));
        }
        assertThat(answers).as("examples checked as answers").isGreaterThanOrEqualTo(4);
        assertThat(problems).isEmpty();
    }

    /** The check must be able to fail: an example that departs from the document is caught. */
    @Test
    void anExampleThatDepartsFromTheDocumentIsCaught() {
        String markdown = "<!-- answer: GET /api/v1/account 200 -->\n```json\n{\"id\": \"5d1c…\", \"plan\": \"gold\"}\n```\n";
        Example example = examples(markdown).get(0);
        Matcher answer = ANSWER.matcher(example.marker());
        assertThat(answer.matches()).isTrue();
        assertThat(ApiContract.ofRunningApp().violations(SimpleRequest.Builder.get("/api/v1/account").build(),
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(example.json()).build()))
                .isNotEmpty();
    }
}
