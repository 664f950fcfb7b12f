package dev.tocsin.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "RCPT answered {0}: permanent {1}")
    @CsvSource({"550 5.1.1 no such mailbox, true", "553 5.1.3 bad address, true", "451 4.3.0 try again later, false",
        "452 4.2.2 mailbox full, false"})
    void aRefusedRecipientIsPermanentOnlyForA5xxReply(String reply, boolean permanent) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread smtp = new Thread(() -> refuseRecipients(server, reply), "test-smtp");
            smtp.setDaemon(true);
            smtp.start();
            MailSender sender = new MailSender(config(Map.of("tocsin.mail.host", "localhost",
                    "tocsin.mail.port", Integer.toString(server.getLocalPort()),
                    "tocsin.mail.starttls", "disabled", "tocsin.mail.timeout", "PT5S")), Clock.systemUTC());
            assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(MailSender.MailException.class,
                    e -> assertThat(e.permanent()).isEqualTo(permanent));
        }
    }

    @Test
    void aServerThatCannotBeReachedIsWorthAnotherTry() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        MailSender sender = new MailSender(config(Map.of("tocsin.mail.host", "localhost", "tocsin.mail.port", Integer.toString(closedPort),
                "tocsin.mail.starttls", "disabled", "tocsin.mail.timeout", "PT2S")), Clock.systemUTC());
        assertThatThrownBy(() -> sender.send(MAIL)).isInstanceOfSatisfying(MailSender.MailException.class,
                e -> assertThat(e.permanent()).isFalse());
    }

    /** A minimal SMTP server that accepts everything up to RCPT TO, which it answers with {@code reply}. */
    private static void refuseRecipients(ServerSocket server, String reply) {
        try (Socket client = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            out.print("220 test ESMTP\r\n");
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                out.print(switch (verb) {
                    case "EHLO", "HELO" -> "250 test\r\n";
                    case "RCPT" -> reply + "\r\n";
                    case "QUIT" -> "221 bye\r\n";
                    default -> "250 ok\r\n";
                });
                out.flush();
                if (verb.equals("QUIT")) {
                    return;
                }
            }
        } catch (java.io.IOException e) {
            // the client went away; the test's assertion tells what happened
        }
    }
}
