package dev.tocsin.web;

import dev.tocsin.account.AccountService;
import dev.tocsin.account.Membership;
import dev.tocsin.account.User;
import dev.tocsin.account.session.Sessions;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;

/** Sign-in and sign-out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    static final String WRONG_CREDENTIALS = "Email or password is incorrect.";

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean ssoEnabled;

    private final AccountService accounts;
    private final Sessions sessions;
    private final WebAuth auth;
    private final Forms forms;
    private final AttemptLimits limits;

    LoginPage(AccountService accounts, Sessions sessions, WebAuth auth, Forms forms, AttemptLimits limits) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.auth = auth;
        this.forms = forms;
        this.limits = limits;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String csrf, String email, String next, String error, boolean sso);

        static native TemplateInstance logout(String csrf);
    }

    @GET
    @Path("login")
    public TemplateInstance form(@QueryParam("next") String next) {
        return Templates.login(forms.token(), "", safeNext(next), null, ssoEnabled);
    }

    @POST
    @Path("login")
    public Response signIn(@RestForm String email, @RestForm String password, @RestForm String next, @RestForm String csrf) {
        forms.verify(csrf);
        limits.check("login", auth.clientIp(), email);
        Optional<User> user = accounts.authenticate(email, password);
        List<Membership> memberships = user.map(u -> accounts.memberships(u.id)).orElse(List.of());
        if (memberships.isEmpty()) {
            // The same answer whether the email is unknown, the password wrong, or the user in no account.
            return Response.status(401).entity(Templates.login(forms.token(), email == null ? "" : email.strip(), safeNext(next),
                    WRONG_CREDENTIALS, ssoEnabled)).build();
        }
        UUID userId = user.get().id;
        UUID accountId = memberships.get(0).accountId;
        String session = sessions.open(userId, accountId);
        accounts.recordSignIn(accountId, userId, auth.clientIp());
        return Response.seeOther(URI.create(safeNext(next))).cookie(auth.sessionCookie(session)).build();
    }

    @GET
    @Path("logout")
    public TemplateInstance confirmLogout() {
        return Templates.logout(forms.token());
    }

    @POST
    @Path("logout")
    public Response signOut(@RestForm String csrf) {
        forms.verify(csrf);
        sessions.close(auth.sessionToken());
        return Response.seeOther(URI.create("/")).cookie(auth.clearedSessionCookie()).build();
    }

    /** Only a local path may follow sign-in: anything else would be an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 500
                || !next.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "/app";
        }
        // Checked before it is used: after the session is opened, a path URI refuses would be a 500.
        try {
            java.net.URI.create(next);
        } catch (IllegalArgumentException e) {
            return "/app";
        }
        return next;
    }
}
