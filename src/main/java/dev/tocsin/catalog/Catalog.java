package dev.tocsin.catalog;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider catalog shipped with the service. It is loaded eagerly at start so that an invalid
 * catalog file stops the start with a message naming the entry and field, instead of failing a probe.
 */
@Startup
@ApplicationScoped
public class Catalog {

    static final String RESOURCE = "catalog/providers.json";

    // Loaded in @PostConstruct rather than the constructor: the client proxy calls the constructor too.
    private List<Provider> providers = List.of();
    private Map<String, Provider> byId = Map.of();

    @PostConstruct
    void load() {
        use(CatalogLoader.fromClasspath(RESOURCE));
    }

    /** The shipped catalog outside of CDI, for tools and tests. */
    public static Catalog shipped() {
        Catalog catalog = new Catalog();
        catalog.load();
        return catalog;
    }

    void use(List<Provider> loaded) {
        Map<String, Provider> index = new LinkedHashMap<>();
        loaded.forEach(provider -> index.put(provider.id(), provider));
        this.providers = List.copyOf(loaded);
        this.byId = Map.copyOf(index);
    }

    /** Every provider, in the order of the catalog file. */
    public List<Provider> all() {
        return providers;
    }

    /** The provider with this id; ids are lower-case, as in {@code {"provider":"mistral"}}. */
    public Optional<Provider> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }
}
