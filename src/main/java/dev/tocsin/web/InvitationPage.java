package dev.tocsin.web;

import dev.tocsin.account.Account;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Passwords;
import dev.tocsin.account.User;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.account.session.SignedIn;
import dev.tocsin.account.team.Invitation;
import dev.tocsin.account.team.Members;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Accepting an invitation. A person without a Tocsin user chooses a password here; one with a user
 * signs in first; one signed in as somebody else is told so.
 */
@Path("/invitations/accept")
@Produces(MediaType.TEXT_HTML)
public class InvitationPage {

    private final Members members;
    private final AccountService accounts;
    private final SignedLinks links;
    private final Sessions sessions;
    private final WebAuth auth;
    private final Forms forms;

    InvitationPage(Members members, AccountService accounts, SignedLinks links, Sessions sessions,
                   WebAuth auth, Forms forms) {
        this.members = members;
        this.accounts = accounts;
        this.links = links;
        this.sessions = sessions;
        this.auth = auth;
        this.forms = forms;
    }

    /** What the page offers: accept as the signed-in user, sign in first, choose a password, or nothing. */
    enum Offer { ACCEPT, SIGN_IN, CHOOSE_PASSWORD, WRONG_USER }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation(String token, String accountName, String email, String role, Offer offer,
                                                  String loginLink, String error, String csrf);
    }

    @GET
    public TemplateInstance show(@QueryParam("token") String token) {
        return render(token, null);
    }

    @POST
    public Response accept(@RestForm String token, @RestForm String password, @RestForm String csrf) {
        forms.verify(csrf);
        SignedLinks.Verified link = links.verify(SignedLinks.Purpose.INVITATION, token);
        Invitation invitation = members.pending(link);
        Optional<SignedIn> me = auth.current();
        User user;
        if (me.isPresent()) {
            user = me.get().user();
        } else if (accounts.findUser(invitation.email).isPresent()) {
            return Response.seeOther(URI.create(loginLink(token))).build();
        } else {
            String weakness = Passwords.weakness(password);
            if (weakness != null) {
                return Response.status(400).entity(render(token, "The password " + weakness + ".")).build();
            }
            user = members.acceptAsNewUser(link, password, auth.clientIp());
            return signedInto(user, invitation);
        }
        members.accept(link, user, auth.clientIp());
        return signedInto(user, invitation);
    }

    private Response signedInto(User user, Invitation invitation) {
        sessions.close(auth.sessionToken());
        String session = sessions.open(user.id, invitation.accountId);
        return Response.seeOther(URI.create("/app?notice=joined")).cookie(auth.sessionCookie(session)).build();
    }

    private TemplateInstance render(String token, String error) {
        SignedLinks.Verified link = links.verify(SignedLinks.Purpose.INVITATION, token);
        Invitation invitation = members.pending(link);
        Account account = Account.findById(invitation.accountId);
        Optional<SignedIn> me = auth.current();
        Offer offer;
        if (me.isPresent()) {
            offer = me.get().user().email.equals(invitation.email) ? Offer.ACCEPT : Offer.WRONG_USER;
        } else {
            offer = accounts.findUser(invitation.email).isPresent() ? Offer.SIGN_IN : Offer.CHOOSE_PASSWORD;
        }
        return Templates.invitation(token, account.name, invitation.email, invitation.role.code(), offer, loginLink(token), error,
                forms.token());
    }

    private static String loginLink(String token) {
        String next = "/invitations/accept?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
}
