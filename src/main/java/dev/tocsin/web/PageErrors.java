package dev.tocsin.web;

import dev.tocsin.platform.security.SignedLinks;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failures of the pages, answered with a readable page (or a redirect to sign in). */
class PageErrors {

    @Inject
    Template error;

    @ServerExceptionMapper
    Response notSignedIn(WebAuth.NotSignedInException e, UriInfo uri) {
        String next = URLEncoder.encode(uri.getPath(), StandardCharsets.UTF_8);
        return Response.seeOther(URI.create("/login?next=" + next)).build();
    }

    @ServerExceptionMapper
    Response csrf(Forms.CsrfRejectedException e) {
        return page(403, "Form expired", "This form has expired or was sent from another site. Go back, reload the page and try again.");
    }

    @ServerExceptionMapper
    Response invalidLink(SignedLinks.InvalidLinkException e) {
        String detail = switch (e.refusal()) {
            case FORGED -> "This link is not valid. Copy the whole link from the mail, or ask for a new one.";
            case EXPIRED -> "This link has expired. Ask for a new one.";
            case USED -> "This link was already used. Sign in, or ask for a new one.";
        };
        return page(400, "Link not valid", detail);
    }

    private Response page(int status, String title, String detail) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("status", status).data("title", title).data("detail", detail).render())
                .build();
    }
}
