package dev.tocsin.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.monitor.MonitorType;
import dev.tocsin.platform.outbound.OutboundFailure;
import dev.tocsin.platform.outbound.OutboundResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The parts of judging that need no server: certificate expiry, refused addresses, shared timeouts. */
class JudgeTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static ProbeSpec spec(int timeoutMs, int tlsExpiryDays) {
        return new ProbeSpec(UUID.randomUUID(), UUID.randomUUID(), MonitorType.HTTP, null, URI.create("https://api.example.com/"),
                "GET", Map.of(), null, timeoutMs, List.of(), 3000, null, tlsExpiryDays, List.of(), null, 60);
    }

    private static OutboundResponse ok(long totalMs, Instant certificateNotAfter) {
        return new OutboundResponse(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false,
                new OutboundResponse.Timings(1, 2, 3, 4, totalMs), Optional.ofNullable(certificateNotAfter), Optional.empty());
    }

    private static OutboundResponse failed(OutboundFailure.Kind kind, String message) {
        return new OutboundResponse(0, Map.of(), new byte[0], false, new OutboundResponse.Timings(1, -1, -1, -1, 1),
                Optional.empty(), Optional.of(new OutboundFailure(kind, message)));
    }

    @Test
    void aCertificateExpiringWithinTheWarningIsDegradedWithTheDaysLeft() {
        Verdict verdict = Judge.judge(spec(5000, 14), Optional.empty(), ok(50, NOW.plus(Duration.ofDays(3)).plusSeconds(60)), CLOCK).verdict();
        assertThat(verdict.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(verdict.causeCode()).isEqualTo("tls");
        assertThat(verdict.reason()).startsWith("The TLS certificate expires in 3 days");
    }

    @Test
    void aCertificateBeyondTheWarningOrAWarningOfZeroDaysIsFine() {
        assertThat(Judge.judge(spec(5000, 14), Optional.empty(), ok(50, NOW.plus(Duration.ofDays(30))), CLOCK).verdict().outcome())
                .isEqualTo(Outcome.UP);
        assertThat(Judge.judge(spec(5000, 0), Optional.empty(), ok(50, NOW.plus(Duration.ofDays(1))), CLOCK).verdict().outcome())
                .isEqualTo(Outcome.UP);
    }

    @Test
    void aRefusedPrivateAddressIsAConnectFailureThatSaysWhy() {
        Verdict verdict = Judge.judge(spec(5000, 14), Optional.empty(),
                failed(OutboundFailure.Kind.REFUSED, "localhost resolves to a loopback address 127.0.0.1"), CLOCK).verdict();
        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.causeCode()).isEqualTo("connect");
        assertThat(verdict.reason()).contains("loopback address 127.0.0.1");
        assertThat(verdict.remedy()).contains("public");
    }

    @Test
    void transportFailuresMapToTheirCauses() {
        assertThat(Judge.judge(spec(5000, 14), Optional.empty(), failed(OutboundFailure.Kind.DNS, "no address"), CLOCK).verdict().causeCode())
                .isEqualTo("dns");
        assertThat(Judge.judge(spec(5000, 14), Optional.empty(), failed(OutboundFailure.Kind.TLS, "untrusted"), CLOCK).verdict().causeCode())
                .isEqualTo("tls");
        assertThat(Judge.judge(spec(5000, 14), Optional.empty(), failed(OutboundFailure.Kind.TIMEOUT, "waiting"), CLOCK).verdict().causeCode())
                .isEqualTo("timeout");
        assertThat(Judge.judge(spec(5000, 14), Optional.empty(), failed(OutboundFailure.Kind.PROTOCOL, "garbage"), CLOCK).verdict().causeCode())
                .isEqualTo("server_error");
    }

    @Test
    void aSharedFetchSlowerThanThisMonitorsOwnTimeoutIsATimeoutForThisMonitor() {
        Verdict verdict = Judge.judge(spec(1000, 14), Optional.empty(), ok(2500, null), CLOCK).verdict();
        assertThat(verdict.causeCode()).isEqualTo("timeout");
        assertThat(verdict.reason()).contains("1000 ms");
    }

    private static OutboundResponse answered(int status, String body) {
        return new OutboundResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8), false,
                new OutboundResponse.Timings(1, 2, 3, 4, 50), Optional.empty(), Optional.empty());
    }

    @Test
    void exhaustedQuotaIsDownForGoodNotRateLimiting() {
        Verdict verdict = Judge.judge(spec(5000, 14), dev.tocsin.catalog.Catalog.shipped().find("openai"), answered(429, """
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                 "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""), CLOCK).verdict();

        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.causeCode()).isEqualTo("quota");
        assertThat(verdict.remedy()).contains("upgrades the plan").doesNotContain("Retry-After");
    }

    @Test
    void aProbeRequestTheApiRefusesSaysSoAndPointsAtTheMonitorsRequest() {
        Verdict verdict = Judge.judge(spec(5000, 14), Optional.empty(), answered(422, """
                {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","foo"],
                 "msg":"Extra inputs are not permitted","input":1}]},"type":"invalid_request_error","param":null,"code":null}"""),
                CLOCK).verdict();

        assertThat(verdict.outcome()).as("it still alerts").isEqualTo(Outcome.DOWN);
        assertThat(verdict.causeCode()).isEqualTo("bad_request");
        assertThat(verdict.reason()).startsWith("HTTP 422");
        assertThat(verdict.remedy()).contains("refuses the probe's request").contains("check the monitor's request");
    }
}
