package dev.tocsin.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Adds what every page response needs: the CSRF cookie when one was issued, and no caching. */
class PageFilters {

    @Inject
    Forms forms;

    @ServerResponseFilter
    void decorate(ContainerResponseContext response) {
        NewCookie csrf = forms.issuedCookie();
        if (csrf != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, csrf);
        }
        if (response.getMediaType() != null && "html".equals(response.getMediaType().getSubtype())) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putSingle("Referrer-Policy", "same-origin");
        }
    }
}
