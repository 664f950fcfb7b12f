package dev.tocsin.account;

import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.mail.MailSender;
import dev.tocsin.platform.mail.MailTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The mails of the account flows, as HTML and text. Sent after the transaction that produced the
 * link has committed; a failure is logged and the user can ask again, because a lost mail here
 * must not undo the sign-up.
 */
@ApplicationScoped
public class AccountMails {

    private static final Logger LOG = Logger.getLogger(AccountMails.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final TocsinConfig config;
    private final MailTemplates templates;
    private final MailSender sender;

    AccountMails(TocsinConfig config, MailTemplates templates, MailSender sender) {
        this.config = config;
        this.templates = templates;
        this.sender = sender;
    }

    public boolean sendVerification(String to, String token, String accountName) {
        Map<String, Object> data = new HashMap<>();
        data.put("link", link("/verify-email?token=", token));
        data.put("accountName", accountName);
        return send("verifyEmail", to, "Confirm your email address for Tocsin", data);
    }

    public boolean sendAlreadyRegistered(String to) {
        return send("alreadyRegistered", to, "You already have a Tocsin account",
                Map.of("loginLink", config.publicUrl() + "/login", "resetLink", config.publicUrl() + "/forgot-password"));
    }

    public boolean sendPasswordReset(String to, String token) {
        return send("resetPassword", to, "Reset your Tocsin password", Map.of("link", link("/reset-password?token=", token)));
    }

    public boolean sendInvitation(String to, String token, String accountName, Role role, Instant expires) {
        return send("invitation", to, "You are invited to " + accountName + " on Tocsin", Map.of(
                "link", link("/invitations/accept?token=", token),
                "accountName", accountName,
                "role", role.code(),
                "expires", DAY.format(expires)));
    }

    private String link(String path, String token) {
        return config.publicUrl() + path + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private boolean send(String template, String to, String subject, Map<String, Object> data) {
        try {
            sender.send(templates.render("AccountMails/" + template, to, subject, data, Map.of()));
            return true;
        } catch (MailSender.MailException e) {
            // The address is personal data and the link a credential: log neither.
            LOG.warnf("Could not send the mail \"%s\": %s", subject, e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
            return false;
        }
    }
}
