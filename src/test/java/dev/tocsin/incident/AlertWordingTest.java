package dev.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.notify.Messages;
import dev.tocsin.platform.outbound.OutboundFailure;
import dev.tocsin.platform.outbound.OutboundResponse;
import dev.tocsin.probe.Judge;
import dev.tocsin.probe.Outcome;
import dev.tocsin.probe.ProbeSpec;
import dev.tocsin.probe.Verdict;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cause a probe can find, for a plain HTTP monitor and for a provider monitor, from the answer to
 * the words people read: the run's reason and remedy, the incident's title, and the alert's subject and
 * body. Provider words (models, keys, tiers, credit) belong to provider monitors only.
 */
class AlertWordingTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Catalog CATALOG = Catalog.shipped();
    private static final IncidentNames NAMES = new IncidentNames(CATALOG);
    /** Words that only make sense about an LLM provider; a generic API's alert must use none of them. */
    private static final List<String> PROVIDER_WORDS = List.of("model", "provider", "alias", "tier", "credit", "prompt",
            "workspace", "API key", "fail over");

    /** What the server does, named by the cause it must yield. */
    private record Answer(String name, OutboundResponse response, int maxLatencyMs, String bodyContains, List<Integer> expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Answer status(String cause, int status, String body) {
        return new Answer(cause, response(status, body, 50, Map.of()), 3000, null, List.of());
    }

    private static OutboundResponse response(int status, String body, long totalMs, Map<String, List<String>> headers) {
        return new OutboundResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false,
                new OutboundResponse.Timings(1, 2, 3, 4, totalMs), Optional.empty(), Optional.empty());
    }

    private static Answer transport(String cause, OutboundFailure.Kind kind, String message) {
        return new Answer(cause, new OutboundResponse(0, Map.of(), new byte[0], false, new OutboundResponse.Timings(1, -1, -1, -1, 1),
                Optional.empty(), Optional.of(new OutboundFailure(kind, message))), 3000, null, List.of());
    }

    static Stream<Arguments> table() {
        List<Answer> answers = List.of(
                new Answer("rate_limited", response(429, "{\"error\":\"too many\"}", 50, Map.of("Retry-After", List.of("20"))), 3000,
                        null, List.of()),
                status("quota", 402, "{\"error\":\"payment required\"}"),
                status("auth", 401, "{\"error\":\"unauthorized\"}"),
                status("not_found", 404, "<html><title>Not Found</title></html>"),
                status("bad_request", 400, "{\"error\":\"bad request\"}"),
                status("server_error", 500, "oops"),
                status("overloaded", 503, "busy"),
                transport("timeout", OutboundFailure.Kind.TIMEOUT, "read timed out"),
                transport("dns", OutboundFailure.Kind.DNS, "no such host"),
                transport("connect", OutboundFailure.Kind.CONNECT, "Connection refused"),
                transport("tls", OutboundFailure.Kind.TLS, "PKIX path building failed"),
                new Answer("slow", response(200, "{}", 1500, Map.of()), 1000, null, List.of()),
                new Answer("assertion", response(200, "{\"status\":\"degraded\"}", 50, Map.of()), 3000, "\"status\":\"ok\"", List.of()));
        return answers.stream().flatMap(a -> Stream.of(Arguments.of(a, MonitorType.HTTP), Arguments.of(a, MonitorType.PROVIDER)));
    }

    /** The fragment each cause's remedy (or title) must carry, per monitor type. */
    private static final Map<String, String[]> REMEDY = Map.ofEntries(
            Map.entry("rate_limited", new String[] {"The URL answered 429 Too Many Requests", "rate-limit tier"}),
            Map.entry("quota", new String[] {"The URL answered 402 Payment Required", "adds credit"}),
            Map.entry("auth", new String[] {"The URL answered 401 Unauthorized: check the credential and headers", "Regenerate the API key"}),
            Map.entry("not_found", new String[] {"The URL answered 404 Not Found: check the path", "misspelled model alias"}),
            Map.entry("bad_request", new String[] {"check the monitor's request (URL, method, headers, body)", "model and parameters"}),
            Map.entry("server_error", new String[] {"The URL answered 500 Internal Server Error", "fail over to another provider"}),
            Map.entry("overloaded", new String[] {"The URL answered 503 Service Unavailable", "The provider is overloaded"}),
            Map.entry("timeout", new String[] {"check the server behind the URL", "provider's status page"}),
            Map.entry("dns", new String[] {"its DNS or the resolver", "the provider's DNS"}),
            Map.entry("connect", new String[] {"the server may be down", "the provider's edge"}),
            Map.entry("tls", new String[] {"never disable verification", "never disable verification"}),
            Map.entry("slow", new String[] {"raise the monitor's maximum latency", "a faster model or region"}),
            Map.entry("assertion", new String[] {"the page or API may have changed", "the page or API may have changed"}));

    private static final Map<String, String[]> TITLE = Map.ofEntries(
            Map.entry("rate_limited", new String[] {"Checkout API rate limited", "OpenAI API rate limited"}),
            Map.entry("quota", new String[] {"Checkout API over a payment or plan limit", "OpenAI API out of quota or credit"}),
            Map.entry("auth", new String[] {"Checkout API refuses access", "OpenAI API rejects the credential"}),
            Map.entry("not_found", new String[] {"Checkout API endpoint not found", "OpenAI API model or endpoint gone"}),
            Map.entry("bad_request", new String[] {"Checkout API refuses the probe's request", "OpenAI API refuses the probe's request"}),
            Map.entry("server_error", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("overloaded", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("timeout", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("dns", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("connect", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("tls", new String[] {"Checkout API failing", "OpenAI API failing"}),
            Map.entry("slow", new String[] {"Checkout API slow", "OpenAI API slow"}),
            Map.entry("assertion", new String[] {"Checkout API failing", "OpenAI API failing"}));

    @ParameterizedTest(name = "{0} on a {1} monitor")
    @MethodSource("table")
    void eachCauseIsWordedForWhatTheMonitorWatches(Answer answer, MonitorType type) throws Exception {
        boolean provider = type == MonitorType.PROVIDER;
        ProbeSpec spec = new ProbeSpec(UUID.randomUUID(), UUID.randomUUID(), type, provider ? "openai" : null,
                URI.create("https://api.example.com/v1/checkout"), "GET", Map.of(), null, 5000, answer.expect(), answer.maxLatencyMs(),
                answer.bodyContains(), 0, List.of(), null, 60);
        Verdict verdict = Judge.judge(spec, provider ? CATALOG.find("openai") : Optional.empty(), answer.response(), CLOCK).verdict();

        assertThat(verdict.causeCode()).as("cause").isEqualTo(answer.name());
        int column = provider ? 1 : 0;
        assertThat(verdict.remedy()).as("remedy").contains(REMEDY.get(answer.name())[column]);

        Monitor monitor = monitor(type, provider ? "openai" : null, "Checkout API");
        Signal signal = new Signal(UUID.randomUUID(), monitor.accountId, monitor.id, Signal.Source.PROBE,
                verdict.outcome() == Outcome.DOWN ? Severity.DOWN : Severity.DEGRADED, verdict.causeCode(), verdict.reason(),
                verdict.remedy(), NOW);
        String title = NAMES.title(monitor, signal);
        assertThat(title).as("incident title").isEqualTo(TITLE.get(answer.name())[column]);

        JsonNode data = alertData(title, provider ? "OpenAI API" : "Checkout API", signal);
        String subject = Messages.subject("incident.opened", data);
        String slack = JSON.readTree(Messages.slack("incident.opened", data)).path("blocks").get(0).path("text").path("text").asText();
        assertThat(subject).as("alert subject").contains(answer.name().replace('_', ' '));
        assertThat(slack).as("alert text").contains(verdict.reason()).contains(verdict.remedy());
        String everything = String.join("\n", verdict.reason(), verdict.remedy(), title, subject, slack);
        if (provider) {
            assertThat(everything).as("still a provider's words").contains(REMEDY.get(answer.name())[1]);
        } else {
            for (String word : PROVIDER_WORDS) {
                assertThat(everything.toLowerCase()).as("a generic API's alert says nothing of \"%s\"", word)
                        .doesNotContain(word.toLowerCase());
            }
        }
    }

    /** Causes that come from a status page or the customer's own calls, titled for what they are about. */
    @ParameterizedTest(name = "{0} from {1} about a {2} monitor")
    @CsvSource({
            "vendor,       statuspage, statuspage, OpenAI Status reports a problem",
            "vendor,       statuspage, provider,   OpenAI API problem reported on its status page",
            "rate_limited, usage,      provider,   OpenAI API rate limited",
            "slow,         usage,      provider,   OpenAI API slow for your calls",
            "server_error, usage,      provider,   OpenAI API failing your calls",
            "bad_request,  usage,      provider,   OpenAI API refuses your calls",
            "spend,        usage,      provider,   OpenAI API spend over your limit",
            "flapping,     probe,      http,       Checkout API flapping",
            "flapping,     probe,      provider,   OpenAI API flapping"})
    void signalsOtherThanProbeRunsAreTitledForTheirSource(String cause, String source, String type, String title) {
        MonitorType monitorType = MonitorType.valueOf(type.toUpperCase());
        Monitor monitor = monitor(monitorType, monitorType == MonitorType.PROVIDER ? "openai" : null,
                monitorType == MonitorType.STATUSPAGE ? "OpenAI Status" : "Checkout API");
        Signal.Source from = Signal.Source.valueOf(source.toUpperCase());
        Signal signal = new Signal(UUID.randomUUID(), monitor.accountId, monitor.id, from, Severity.DEGRADED, cause, "why", null, NOW,
                from == Signal.Source.USAGE ? "openai" : null);
        assertThat(NAMES.title(monitor, signal)).isEqualTo(title);
    }

    private static Monitor monitor(MonitorType type, String provider, String name) {
        Monitor m = new Monitor();
        m.id = UUID.randomUUID();
        m.accountId = UUID.randomUUID();
        m.type = type;
        m.provider = provider;
        m.name = name;
        m.url = "https://api.example.com/v1/checkout";
        m.tags = List.of();
        return m;
    }

    /** The incident part of an alert's data, as {@code AlertData} freezes it. */
    private static JsonNode alertData(String title, String subject, Signal signal) {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("title", title);
        incident.put("subject", subject);
        incident.put("severity", signal.severity().code());
        incident.put("cause", signal.cause());
        incident.put("reason", signal.reason());
        incident.put("remedy", signal.remedy());
        incident.put("firstSeenAt", NOW.toString());
        return JSON.valueToTree(Map.of("incident", incident, "monitor", Map.of(), "account", Map.of("id", "a")));
    }
}
