package dev.tocsin.web;

import dev.tocsin.account.AccountService;
import dev.tocsin.account.Emails;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.oidc.IdToken;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Optional single sign-on through an OIDC provider. {@code /login/sso} only starts the flow; the
 * provider's answer lands on {@code /login/sso/callback}, the one path quarkus-oidc protects. From
 * there on the user has an ordinary Tocsin session and the provider's session cookie is dropped.
 */
@Path("/login/sso")
@Produces(MediaType.TEXT_HTML)
public class SsoPage {

    private static final String OIDC_SESSION_COOKIE = "q_session";

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    AccountService accounts;

    @Inject
    Sessions sessions;

    @Inject
    WebAuth auth;

    @GET
    public Response start() {
        if (!enabled) {
            throw new ProblemException(404, "sso-not-configured", "Single sign-on is not set up",
                    "This Tocsin has no identity provider configured. Sign in with your email and password.");
        }
        return Response.seeOther(URI.create("/login/sso/callback")).build();
    }

    @GET
    @Path("callback")
    @Authenticated
    public Response callback() {
        String email = idToken.getClaim("email");
        Object verified = idToken.getClaim("email_verified");
        if (email == null || !Emails.isValid(Emails.normalize(email))) {
            throw new ProblemException(403, "sso-no-email", "No email address",
                    "Your identity provider did not share an email address with Tocsin.");
        }
        if (!(Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified)))) {
            throw new ProblemException(403, "sso-email-unverified", "Email not verified",
                    "Your identity provider has not verified " + email + ". Verify it there, or sign up with a password.");
        }
        AccountService.SsoLanding landing = accounts.signInWithVerifiedEmail(email, idToken.getClaim("name"), auth.clientIp());
        String session = sessions.open(landing.user().id, landing.accountId());
        return Response.seeOther(URI.create("/app"))
                .cookie(auth.sessionCookie(session))
                .cookie(new NewCookie.Builder(OIDC_SESSION_COOKIE).value("").path("/").maxAge(0).build())
                .build();
    }
}
