package dev.tocsin.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

class MailSenderTest {

    /** A real mapping of the settings, as the application would read them. */
    private static MailConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withMapping(MailConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .build()
                .getConfigMapping(MailConfig.class);
    }

    private static final OutgoingMail MAIL = new OutgoingMail("someone@example.com", "Hello", "text", "<p>html</p>", Map.of());

    @Test
    void withoutAHostMailsAreOnlyLogged() throws Exception {
        new MailSender(config(Map.of()), Clock.systemUTC()).send(MAIL);
    }

    @Test
    void aServerThatNeverGreetsFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            MailSender sender = new MailSender(config(Map.of("tocsin.mail.host", "localhost",
                    "tocsin.mail.port", Integer.toString(silent.getLocalPort()),
                    "tocsin.mail.starttls", "disabled", "tocsin.mail.timeout", "PT0.5S")), Clock.systemUTC());
            long started = System.nanoTime();
            assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOf(MailSender.MailException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
