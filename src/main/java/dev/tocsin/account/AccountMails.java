package dev.tocsin.account;

import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.mail.MailOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.tocsin.platform.mail.MailTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The mails of the account flows, as HTML and text, queued in the mail outbox: in the caller's
 * transaction when there is one, else in one of their own. The outbox sends right after the commit and
 * retries a server that is down, so a mail server's bad minute neither loses the mail nor undoes (or
 * slows) the sign-up; the link inside is encrypted while it waits.
 */
@ApplicationScoped
public class AccountMails {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final TocsinConfig config;
    private final MailTemplates templates;
    private final MailOutbox outbox;

    AccountMails(TocsinConfig config, MailTemplates templates, MailOutbox outbox) {
        this.config = config;
        this.templates = templates;
        this.outbox = outbox;
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

    /**
     * The answer to a reset asked for an address without an account: a mail like the reset's, through the
     * same outbox, so the two cases do the same work and read the same on the page.
     */
    public boolean sendNoAccount(String to) {
        return send("noAccount", to, "Reset your Tocsin password",
                Map.of("signupLink", config.publicUrl() + "/signup", "resetLink", config.publicUrl() + "/forgot-password"));
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
        return QuarkusTransaction.joiningExisting().call(() ->
                outbox.enqueue(templates.render("AccountMails/" + template, to, subject, data, Map.of()), "account." + template, null, null));
    }
}
