package dev.tocsin.platform.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jboss.logging.Logger;

/**
 * Sends mail over SMTP with Jakarta Mail: one connection per mail, every network step bounded by
 * {@code tocsin.mail.timeout}. Blocking on purpose; call it from a worker thread, never from inside
 * a database transaction.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private final MailConfig config;
    private final Clock clock;
    private final Session session;

    /**
     * Production without a mail host would "deliver" every mail, reset links included, into the log and
     * count it as sent: it refuses to start instead, naming the setting.
     */
    void requireHostInProduction(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL && config.host().isEmpty()) {
            throw new java.util.NoSuchElementException("tocsin.mail.host (TOCSIN_MAIL_HOST) must be set in production: "
                    + "verification, reset and alert mails go through it");
        }
    }

    MailSender(MailConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.session = config.host().map(host -> Session.getInstance(properties(config, host))).orElse(null);
    }

    /** Whether mails go to the log instead of an SMTP server ({@code tocsin.mail.host} unset, as in dev). */
    public boolean printsToLog() {
        return session == null;
    }

    /** Thrown when the server refused the mail or could not be reached in time. */
    public static class MailException extends Exception {
        MailException(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * Whether sending again cannot help: the address is malformed, or the server answered with a 5xx
         * reply code (RFC 5321: a permanent negative completion). Timeouts, refused connections and 4xx
         * replies are worth another try.
         */
        public boolean permanent() {
            for (Throwable t = getCause(); t != null; t = next(t)) {
                if (t instanceof AddressException) {
                    return true;
                }
                int code = t instanceof SMTPAddressFailedException a ? a.getReturnCode()
                        : t instanceof SMTPSendFailedException f ? f.getReturnCode() : 0;
                if (code >= 500 && code <= 599) {
                    return true;
                }
            }
            return false;
        }

        private static Throwable next(Throwable t) {
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
                return m.getNextException();
            }
            return t.getCause() == t ? null : t.getCause();
        }
    }

    public void send(OutgoingMail mail) throws MailException {
        if (session == null) {
            // Only dev mode runs without a mail host (production refuses to start), and only there may a
            // mail, with its links, reach the log: it is how a developer signs up without an SMTP server.
            if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.DEVELOPMENT) {
                LOG.infof("DEV MODE, mail printed here instead of sent (tocsin.mail.host is not set). To: %s%nSubject: %s%n%n%s",
                        mail.to(), mail.subject(), mail.text());
            } else {
                LOG.infof("Mail not sent (tocsin.mail.host is not set): \"%s\"", mail.subject());
            }
            return;
        }
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(config.from()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            for (Map.Entry<String, String> header : mail.headers().entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", text, html));
            if (config.username().isPresent()) {
                Transport.send(message, config.username().get(), config.password().orElse(""));
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new MailException("The SMTP server did not take the mail: " + e.getMessage(), e);
        }
    }

    private static Properties properties(MailConfig config, String host) {
        String protocol = config.ssl() ? "smtps" : "smtp";
        String timeout = Long.toString(config.timeout().toMillis());
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", host);
        p.put("mail." + protocol + ".port", Integer.toString(config.port()));
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        p.put("mail." + protocol + ".auth", Boolean.toString(config.username().isPresent()));
        p.put("mail." + protocol + ".starttls.enable", Boolean.toString(config.starttls() != MailConfig.StartTls.DISABLED));
        p.put("mail." + protocol + ".starttls.required", Boolean.toString(config.starttls() == MailConfig.StartTls.REQUIRED));
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        return p;
    }
}
