package dev.tocsin.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundRequestTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreAccepted() {
        assertThatThrownBy(() -> OutboundRequest.get(URI.create("ftp://example.com/"), TIMEOUT)).hasMessageContaining("http or https");
        assertThatThrownBy(() -> OutboundRequest.get(URI.create("/relative"), TIMEOUT)).hasMessageContaining("http or https");
        assertThatThrownBy(() -> OutboundRequest.get(URI.create("http://bad_host.example.com/"), TIMEOUT)).hasMessageContaining("no valid host");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> OutboundRequest.get(URI.create("https://example.com/"), Duration.ZERO)).hasMessageContaining("timeout");
    }

    @Test
    void headerWithALineBreakIsRejectedWithoutEchoingItsValue() {
        Map<String, String> headers = Map.of("Authorization", "Bearer s3cret\r\nX-Injected: 1");
        assertThatThrownBy(() -> new OutboundRequest(URI.create("https://example.com/"), "GET", headers, null, TIMEOUT, 10))
                .hasMessage("header Authorization contains a line break or NUL");
    }

    @Test
    void hostHeaderAndTargetFollowTheUrl() {
        OutboundRequest plain = OutboundRequest.get(URI.create("https://api.example.com/v1/x?y=%20"), TIMEOUT);
        OutboundRequest ported = OutboundRequest.get(URI.create("http://[::1]:8080"), TIMEOUT);
        assertThat(plain.hostHeader()).isEqualTo("api.example.com");
        assertThat(plain.target()).isEqualTo("/v1/x?y=%20");
        assertThat(plain.port()).isEqualTo(443);
        assertThat(ported.hostHeader()).isEqualTo("[::1]:8080");
        assertThat(ported.host()).isEqualTo("::1");
        assertThat(ported.target()).isEqualTo("/");
    }
}
