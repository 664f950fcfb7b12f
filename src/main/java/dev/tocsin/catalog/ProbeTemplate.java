package dev.tocsin.catalog;

import java.net.URI;
import java.util.List;

/**
 * The authenticated health probe of a provider: a call to its list-models endpoint, which is free,
 * proves the key works, and shows whether the models the customer depends on are still listed.
 * {@code modelsJsonPointer} locates the array of models in the answer (the empty pointer is the
 * document itself) and {@code modelIdField} names each entry's id.
 */
public record ProbeTemplate(URI url, String method, AuthScheme auth, String modelsJsonPointer, String modelIdField,
        List<String> defaultModels) {

    public ProbeTemplate {
        defaultModels = List.copyOf(defaultModels);
    }
}
