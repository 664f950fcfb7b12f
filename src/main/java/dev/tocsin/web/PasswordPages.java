package dev.tocsin.web;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.AccountMails;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Passwords;
import dev.tocsin.account.User;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.platform.security.SignedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/** Forgot password and reset password. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PasswordPages {

    private final AccountService accounts;
    private final AccountMails mails;
    private final SignedLinks links;
    private final Sessions sessions;
    private final AccountConfig config;
    private final WebAuth auth;
    private final Forms forms;
    private final AttemptLimits limits;

    PasswordPages(AccountService accounts, AccountMails mails, SignedLinks links, Sessions sessions, AccountConfig config,
                  WebAuth auth, Forms forms, AttemptLimits limits) {
        this.accounts = accounts;
        this.mails = mails;
        this.links = links;
        this.sessions = sessions;
        this.config = config;
        this.auth = auth;
        this.forms = forms;
        this.limits = limits;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forgot(String csrf, boolean sent, String email);

        static native TemplateInstance reset(String csrf, String token, String error);
    }

    @GET
    @Path("forgot-password")
    public TemplateInstance forgotForm() {
        return Templates.forgot(forms.token(), false, "");
    }

    @POST
    @Path("forgot-password")
    public TemplateInstance requestReset(@RestForm String email, @RestForm String csrf) {
        forms.verify(csrf);
        limits.check("reset", auth.clientIp(), email);
        // The same page, and the same work (one mail through the outbox), whether or not the address has an account.
        java.util.Optional<User> user = accounts.findUser(email);
        if (user.isPresent()) {
            mails.sendPasswordReset(user.get().email,
                    links.issue(SignedLinks.Purpose.RESET_PASSWORD, user.get().id.toString(), config.resetLinkValidity()));
        } else if (dev.tocsin.account.Emails.isValid(dev.tocsin.account.Emails.normalize(email))) {
            mails.sendNoAccount(dev.tocsin.account.Emails.normalize(email));
        }
        return Templates.forgot(forms.token(), true, email == null ? "" : email.strip());
    }

    @GET
    @Path("reset-password")
    public TemplateInstance resetForm(@QueryParam("token") String token) {
        links.verify(SignedLinks.Purpose.RESET_PASSWORD, token);
        return Templates.reset(forms.token(), token, null);
    }

    @POST
    @Path("reset-password")
    public Response reset(@RestForm String token, @RestForm String password, @RestForm String csrf) {
        forms.verify(csrf);
        limits.check("reset", auth.clientIp(), null);
        SignedLinks.Verified link = links.verify(SignedLinks.Purpose.RESET_PASSWORD, token);
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            return Response.status(400).entity(Templates.reset(forms.token(), token, "The password " + weakness + ".")).build();
        }
        User user = accounts.resetPassword(link, password, auth.clientIp());
        sessions.closeAll(user.id);
        List<Membership> memberships = accounts.memberships(user.id);
        if (memberships.isEmpty()) {
            return Response.seeOther(URI.create("/login")).build();
        }
        String session = sessions.open(user.id, memberships.get(0).accountId);
        return Response.seeOther(URI.create("/app?notice=password-changed")).cookie(auth.sessionCookie(session)).build();
    }
}
