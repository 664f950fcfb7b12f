package dev.tocsin.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailSenderTest {

    private static MailConfig config(Optional<String> host, int port, Duration timeout) {
        return new MailConfig() {
            public Optional<String> host() { return host; }
            public int port() { return port; }
            public Optional<String> username() { return Optional.empty(); }
            public Optional<String> password() { return Optional.empty(); }
            public String from() { return "Tocsin <alerts@tocsin.dev>"; }
            public StartTls starttls() { return StartTls.DISABLED; }
            public boolean ssl() { return false; }
            public Duration timeout() { return timeout; }
        };
    }

    private static final OutgoingMail MAIL = new OutgoingMail("someone@example.com", "Hello", "text", "<p>html</p>", Map.of());

    @Test
    void withoutAHostMailsAreOnlyLogged() throws Exception {
        new MailSender(config(Optional.empty(), 25, Duration.ofSeconds(1)), Clock.systemUTC()).send(MAIL);
    }

    @Test
    void aServerThatNeverGreetsFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            MailSender sender = new MailSender(config(Optional.of("localhost"), silent.getLocalPort(), Duration.ofMillis(500)), Clock.systemUTC());
            long started = System.nanoTime();
            assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOf(MailSender.MailException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
