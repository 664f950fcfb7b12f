package dev.tocsin.web;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.platform.security.Secrets;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * CSRF protection for the cookie-session pages: a double-submit token, kept in an HttpOnly
 * SameSite=Strict cookie and repeated in a hidden field of every form. The REST API is left alone
 * on purpose: it authenticates with a Bearer key that a browser never sends by itself.
 */
@RequestScoped
public class Forms {

    static final String CSRF_COOKIE = "tocsin_csrf";
    static final String CSRF_FIELD = "csrf";

    private final HttpServerRequest request;
    private final AccountConfig config;
    private String issued;

    Forms(HttpServerRequest request, AccountConfig config) {
        this.request = request;
        this.config = config;
    }

    static class CsrfRejectedException extends RuntimeException {
        CsrfRejectedException() {
            super(null, null, false, false);
        }
    }

    /** The token to put in this page's forms; a new one is issued as a cookie when there is none. */
    public String token() {
        String existing = cookieValue();
        if (existing != null) {
            return existing;
        }
        if (issued == null) {
            issued = Secrets.randomToken(32);
        }
        return issued;
    }

    /** Refuses a form whose hidden token does not match the cookie. */
    public void verify(String submitted) {
        String expected = cookieValue();
        if (expected == null || submitted == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            throw new CsrfRejectedException();
        }
    }

    /** The cookie to set on the response, if this request issued a token. */
    NewCookie issuedCookie() {
        if (issued == null) {
            return null;
        }
        return new NewCookie.Builder(CSRF_COOKIE)
                .value(issued)
                .path("/")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    private String cookieValue() {
        Cookie cookie = request.getCookie(CSRF_COOKIE);
        String value = cookie == null ? null : cookie.getValue();
        return value == null || value.length() < 20 || value.length() > 100 ? null : value;
    }
}
