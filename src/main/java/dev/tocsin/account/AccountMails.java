package dev.tocsin.account;

import dev.tocsin.platform.TocsinConfig;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * The mails of the account flows, as HTML and text. Sent after the transaction that produced the
 * link has committed; a failure is logged and the user can ask again, because a lost mail here
 * must not undo the sign-up.
 */
@ApplicationScoped
public class AccountMails {

    private static final Logger LOG = Logger.getLogger(AccountMails.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final TocsinConfig config;

    AccountMails(TocsinConfig config) {
        this.config = config;
    }

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance verifyEmail(String link, String accountName);

        static native MailTemplateInstance alreadyRegistered(String loginLink, String resetLink);

        static native MailTemplateInstance resetPassword(String link);

        static native MailTemplateInstance invitation(String link, String accountName, String role, String expires);
    }

    public boolean sendVerification(String to, String token, String accountName) {
        return send(Templates.verifyEmail(link("/verify-email?token=", token), accountName), to, "Confirm your email address for Tocsin");
    }

    public boolean sendAlreadyRegistered(String to) {
        return send(Templates.alreadyRegistered(config.publicUrl() + "/login", config.publicUrl() + "/forgot-password"),
                to, "You already have a Tocsin account");
    }

    public boolean sendPasswordReset(String to, String token) {
        return send(Templates.resetPassword(link("/reset-password?token=", token)), to, "Reset your Tocsin password");
    }

    public boolean sendInvitation(String to, String token, String accountName, Role role, java.time.Instant expires) {
        return send(Templates.invitation(link("/invitations/accept?token=", token), accountName, role.code(), DAY.format(expires)),
                to, "You are invited to " + accountName + " on Tocsin");
    }

    private String link(String path, String token) {
        return config.publicUrl() + path + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
    }

    private boolean send(MailTemplateInstance mail, String to, String subject) {
        try {
            mail.to(to).subject(subject).send().await().atMost(SEND_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            // The address is personal data and the link a credential: log neither.
            LOG.warnf("Could not send the mail \"%s\": %s", subject, e.getClass().getSimpleName());
            return false;
        }
    }
}
