package dev.tocsin.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A cookie-keeping HTTP client for the pages, without a browser: it carries the session and CSRF
 * cookies like one, never follows redirects (tests assert them), and comes from its own IP address
 * (X-Forwarded-For, trusted in the test profile) so that per-IP limits of one test touch no other.
 */
public final class PageClient {

    public static final String CSRF_COOKIE = "tocsin_csrf";
    public static final String SESSION_COOKIE = "tocsin_session";

    private final Map<String, String> cookies = new HashMap<>();
    private final String ip;

    public PageClient() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    public Response get(String path) {
        return remember(request().get(path));
    }

    /** Posts a form with the CSRF token a browser would have from the page it came from. */
    public Response post(String path, Map<String, String> form) {
        if (!cookies.containsKey(CSRF_COOKIE)) {
            get("/login");
        }
        Map<String, String> withToken = new HashMap<>(form);
        withToken.putIfAbsent("csrf", cookies.get(CSRF_COOKIE));
        return remember(request().formParams(withToken).post(path));
    }

    /** Posts a form as a forged cross-site request would: no token in the form. */
    public Response postWithoutCsrf(String path, Map<String, String> form) {
        return remember(request().formParams(form).post(path));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void forget(String name) {
        cookies.remove(name);
    }

    public String ip() {
        return ip;
    }

    private RequestSpecification request() {
        return given().redirects().follow(false).cookies(cookies).header("X-Forwarded-For", ip);
    }

    private Response remember(Response response) {
        for (Cookie cookie : response.getDetailedCookies()) {
            if (cookie.getMaxAge() == 0 || cookie.getValue() == null || cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        }
        return response;
    }
}
