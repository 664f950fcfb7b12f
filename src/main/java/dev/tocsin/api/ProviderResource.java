package dev.tocsin.api;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/providers}: the catalog, for picking a provider monitor. */
@Path("/api/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final Catalog catalog;

    ProviderResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public Page<Provider> list() {
        return new Page<>(catalog.all(), null);
    }
}
