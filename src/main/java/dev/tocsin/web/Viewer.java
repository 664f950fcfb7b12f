package dev.tocsin.web;

import dev.tocsin.account.session.SignedIn;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who is looking and where, for the layout's header and navigation ({@code inject:viewer}), so that
 * no page has to pass its user to the layout by hand.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final WebAuth auth;
    private final HttpServerRequest request;

    Viewer(WebAuth auth, HttpServerRequest request) {
        this.auth = auth;
        this.request = request;
    }

    /** The signed-in user, or null; null too on the event loop (error pages of unmatched paths), where no query may run. */
    public SignedIn getMe() {
        return io.vertx.core.Context.isOnEventLoopThread() ? null : auth.current().orElse(null);
    }

    /** {@code "page"} when {@code prefix} is the section of the current path, for {@code aria-current}. */
    public String current(String prefix) {
        String path = request.path();
        boolean here = "/app".equals(prefix) ? "/app".equals(path) || path.startsWith("/app/monitors")
                : path.equals(prefix) || path.startsWith(prefix + "/");
        return here ? "page" : "false";
    }
}
