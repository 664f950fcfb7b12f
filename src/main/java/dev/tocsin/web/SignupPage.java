package dev.tocsin.web;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.AccountMails;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Emails;
import dev.tocsin.platform.mail.MailSender;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Passwords;
import dev.tocsin.account.User;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.account.session.SignedIn;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** Sign-up and email verification. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignupPage {

    private final AccountService accounts;
    private final AccountMails mails;
    private final SignedLinks links;
    private final Sessions sessions;
    private final AccountConfig config;
    private final WebAuth auth;
    private final Forms forms;
    private final AttemptLimits limits;
    private final MailSender sender;

    SignupPage(AccountService accounts, AccountMails mails, SignedLinks links, Sessions sessions, AccountConfig config,
               WebAuth auth, Forms forms, AttemptLimits limits, MailSender sender) {
        this.accounts = accounts;
        this.mails = mails;
        this.links = links;
        this.sessions = sessions;
        this.config = config;
        this.auth = auth;
        this.forms = forms;
        this.limits = limits;
        this.sender = sender;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signup(String csrf, String email, String accountName, Map<String, String> errors);

        /** @param printedToLog no mail server is configured (dev): the message went to the log, not to the inbox */
        static native TemplateInstance checkInbox(String email, boolean printedToLog);

        static native TemplateInstance verify(String csrf, String token);
    }

    @GET
    @Path("signup")
    public TemplateInstance form() {
        return Templates.signup(forms.token(), "", "", Map.of());
    }

    @POST
    @Path("signup")
    public Response signUp(@RestForm String email, @RestForm String password, @RestForm String accountName, @RestForm String csrf) {
        forms.verify(csrf);
        limits.check("signup", auth.clientIp(), email);
        String normalized = Emails.normalize(email);
        String name = accountName == null ? "" : accountName.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!Emails.isValid(normalized)) {
            errors.put("email", "Enter a valid email address.");
        }
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            errors.put("password", "The password " + weakness + ".");
        }
        if (name.isEmpty() || name.length() > 200) {
            errors.put("accountName", "Name your account (up to 200 characters), e.g. your team or company.");
        }
        if (!errors.isEmpty()) {
            return Response.status(400).entity(Templates.signup(forms.token(), normalized, name, errors)).build();
        }
        AccountService.SignupOutcome outcome = accounts.signUp(normalized, password, name, auth.clientIp());
        if (outcome instanceof AccountService.SignupOutcome.Created created) {
            sendVerification(created.user(), created.account().name);
        } else {
            mails.sendAlreadyRegistered(normalized);
        }
        return Response.ok(Templates.checkInbox(normalized, sender.printsToLog())).build();
    }

    /**
     * Where the verification link lands. Only a button: mail scanners that open links consume nothing,
     * and nobody is signed in by a link a third party made them open (login CSRF).
     */
    @GET
    @Path("verify-email")
    public TemplateInstance askVerify(@QueryParam("token") String token) {
        links.verify(SignedLinks.Purpose.VERIFY_EMAIL, token);
        return Templates.verify(forms.token(), token);
    }

    @POST
    @Path("verify-email")
    public Response verify(@RestForm String token, @RestForm String csrf) {
        forms.verify(csrf);
        SignedLinks.Verified link = links.verify(SignedLinks.Purpose.VERIFY_EMAIL, token);
        User user = accounts.verifyEmail(link);
        List<Membership> memberships = accounts.memberships(user.id);
        if (memberships.isEmpty()) {
            return Response.seeOther(URI.create("/login")).build();
        }
        String session = sessions.open(user.id, memberships.get(0).accountId);
        return Response.seeOther(URI.create("/app?notice=verified")).cookie(auth.sessionCookie(session)).build();
    }

    @POST
    @Path("verify-email/resend")
    public Response resend(@RestForm String csrf) {
        forms.verify(csrf);
        SignedIn signedIn = auth.require();
        limits.check("verify", auth.clientIp(), signedIn.user().email);
        if (!signedIn.user().emailVerified()) {
            sendVerification(signedIn.user(), null);
        }
        return Response.seeOther(URI.create("/app?notice=verification-sent")).build();
    }

    private void sendVerification(User user, String accountName) {
        String token = links.issue(SignedLinks.Purpose.VERIFY_EMAIL, user.id.toString(), config.verificationLinkValidity());
        mails.sendVerification(user.email, token, accountName);
    }
}
