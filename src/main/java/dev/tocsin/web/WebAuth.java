package dev.tocsin.web;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.account.session.SignedIn;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.NewCookie;
import java.util.Optional;

/** The signed-in user of a page request, read from the session cookie once per request. */
@RequestScoped
public class WebAuth {

    static final String SESSION_COOKIE = "tocsin_session";

    private final HttpServerRequest request;
    private final Sessions sessions;
    private final AccountConfig config;
    private Optional<SignedIn> current;

    WebAuth(HttpServerRequest request, Sessions sessions, AccountConfig config) {
        this.request = request;
        this.sessions = sessions;
        this.config = config;
    }

    /** Thrown by pages that need a session; answered with a redirect to the sign-in page. */
    static class NotSignedInException extends RuntimeException {
        NotSignedInException() {
            super(null, null, false, false);
        }
    }

    public Optional<SignedIn> current() {
        if (current == null) {
            current = sessions.find(sessionToken());
        }
        return current;
    }

    public SignedIn require() {
        return current().orElseThrow(NotSignedInException::new);
    }

    String sessionToken() {
        Cookie cookie = request.getCookie(SESSION_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /** The client's address; behind a proxy, only as trustworthy as quarkus.http.proxy settings make it. */
    String clientIp() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    NewCookie sessionCookie(String token) {
        return new NewCookie.Builder(SESSION_COOKIE)
                .value(token)
                .path("/")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) config.sessionLifetime().toSeconds())
                .build();
    }

    NewCookie clearedSessionCookie() {
        return new NewCookie.Builder(SESSION_COOKIE)
                .value("")
                .path("/")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(0)
                .build();
    }
}
