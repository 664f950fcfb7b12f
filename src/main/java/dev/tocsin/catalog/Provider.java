package dev.tocsin.catalog;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A known vendor in the catalog: how to probe it, where its status page is, how its errors read, which
 * rate-limit headers it sends and what its main models cost. Loaded from catalog/providers.json.
 */
public record Provider(String id, String name, URI docsUrl, ProbeTemplate probe, StatusPageRef statusPage,
        ErrorShape errorShape, List<String> rateLimitHeaders, List<ModelPrice> prices, Optional<String> notes) {

    public Provider {
        rateLimitHeaders = List.copyOf(rateLimitHeaders);
        prices = List.copyOf(prices);
        notes = notes == null ? Optional.empty() : notes;
    }

    public Optional<ModelPrice> price(String model) {
        return prices.stream().filter(price -> price.model().equals(model)).findFirst();
    }
}
