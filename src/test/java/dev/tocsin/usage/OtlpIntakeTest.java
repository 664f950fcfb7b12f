package dev.tocsin.usage;

import static dev.tocsin.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tocsin.testing.TestTenants;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A customer instrumented with OpenTelemetry points its exporter at Tocsin and is done. */
@QuarkusTest
class OtlpIntakeTest {

    @Inject
    TestTenants tenants;

    /** The SDK stamps spans with the real time: the service's clock must be the real one too. */
    @org.junit.jupiter.api.BeforeEach
    void realTime() {
        dev.tocsin.testing.MutableClock.INSTANCE.thaw();
        dev.tocsin.testing.MutableClock.INSTANCE.reset();
    }

    private static void export(String key, boolean gzip, java.util.function.Consumer<Tracer> spans) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://localhost:8081/v1/traces")
                .addHeader("Authorization", "Bearer " + key)
                .setCompression(gzip ? "gzip" : "none")
                .setTimeout(Duration.ofSeconds(10))
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            spans.accept(provider.get("test-app"));
            CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static void chat(Tracer tracer, String system, String model, Long status, long in, long out, boolean error) {
        Span span = tracer.spanBuilder("chat " + model)
                .setAttribute("gen_ai.system", system)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.request.model", model)
                .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), in)
                .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), out)
                .startSpan();
        if (status != null) {
            span.setAttribute(AttributeKey.longKey("http.response.status_code"), status);
        }
        if (error) {
            span.setAttribute("error.type", "429");
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    @Test
    void genAiSpansFromTheSdkAreCountedAndOtherSpansIgnored() {
        TestTenants.Person owner = tenants.owner("otel");
        export(owner.writeKey(), false, tracer -> {
            chat(tracer, "mistral_ai", "mistral-small-latest", 200L, 1000, 200, false);
            chat(tracer, "mistral_ai", "mistral-small-latest", null, 10, 0, true);
            tracer.spanBuilder("GET /orders").startSpan().end();
        });
        export(owner.writeKey(), true, tracer -> chat(tracer, "openai", "gpt-4o-mini", 200L, 50, 50, false));

        as(owner.writeKey()).get("/api/v1/usage?provider=mistral").then().statusCode(200)
                .body("series", hasSize(1))
                .body("series[0].model", equalTo("mistral-small-latest"))
                .body("series[0].totals.calls", equalTo(2))
                .body("series[0].totals.rate429", equalTo(0.5f))
                .body("series[0].totals.inputTokens", equalTo(1010));
        as(owner.writeKey()).get("/api/v1/usage?provider=openai").then().body("series[0].totals.calls", equalTo(1));
    }

    @Test
    void anExportNeedsAKeyAndABodyTocsinCanRead() {
        given().contentType("application/x-protobuf").body(new byte[] {1, 2, 3}).post("/v1/traces").then().statusCode(401);
        TestTenants.Person owner = tenants.owner("badotel");
        given().header("Authorization", "Bearer " + owner.writeKey()).contentType("application/x-protobuf")
                .body(new byte[] {(byte) 0xff, 0x01, 0x02}).post("/v1/traces").then().statusCode(400)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        given().header("Authorization", "Bearer " + owner.writeKey()).contentType("application/json")
                .body("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                        + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"chat\",\"startTimeUnixNano\":\"" + System.currentTimeMillis() * 1_000_000
                        + "\",\"endTimeUnixNano\":\"" + (System.currentTimeMillis() + 400) * 1_000_000 + "\",\"attributes\":["
                        + "{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"acme-llm\"}},"
                        + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"a1\"}}]}]}]}]}")
                .post("/v1/traces").then().statusCode(200)
                .body("partialSuccess.rejectedSpans", equalTo("1"));
        given().header("Authorization", "Bearer " + owner.writeKey()).contentType("text/plain").body("hello")
                .post("/v1/traces").then().statusCode(415);
    }
}
