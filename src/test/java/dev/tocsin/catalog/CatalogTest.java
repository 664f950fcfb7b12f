package dev.tocsin.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = loaded();

    private static Catalog loaded() {
        Catalog catalog = new Catalog();
        catalog.load();
        return catalog;
    }

    @Test
    void findsProvidersByTheirId() {
        assertThat(catalog.find("mistral")).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Mistral AI"));
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void listsProvidersInFileOrderAndCannotBeChanged() {
        assertThat(catalog.all()).extracting(Provider::id).startsWith("mistral", "openai", "anthropic");
        assertThatThrownBy(() -> catalog.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loadsEagerlySoThatABadCatalogStopsTheStart() {
        assertThat(Catalog.class).hasAnnotation(Startup.class).hasAnnotation(ApplicationScoped.class);
    }
}
