package dev.tocsin.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/** The client's address for the audit log; behind a proxy, as trustworthy as quarkus.http.proxy makes it. */
@RequestScoped
class ClientAddress {

    private final HttpServerRequest request;

    ClientAddress(HttpServerRequest request) {
        this.request = request;
    }

    String ip() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
