package dev.tocsin.usage;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.ModelPrice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a call cost: the account's own price for the model when it set one, else the catalog's list
 * price. A catalog provider's model without a list price costs nothing rather than refusing the call.
 */
@ApplicationScoped
public class Prices {

    /** US dollars per million tokens, in and out. */
    record Price(BigDecimal inputPerMillionUsd, BigDecimal outputPerMillionUsd) {
        static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

        long microUsd(long inputTokens, long outputTokens) {
            // per million tokens × tokens / 10^6 dollars = × tokens micro-dollars
            return inputPerMillionUsd.multiply(BigDecimal.valueOf(inputTokens))
                    .add(outputPerMillionUsd.multiply(BigDecimal.valueOf(outputTokens)))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
    }

    private final Catalog catalog;
    private final EntityManager em;

    Prices(Catalog catalog, EntityManager em) {
        this.catalog = catalog;
        this.em = em;
    }

    /** A price the account set. */
    public record Own(String provider, String model, BigDecimal inputPerMillionUsd, BigDecimal outputPerMillionUsd) {
    }

    @jakarta.transaction.Transactional
    public Own set(UUID accountId, Own price) {
        em.createNativeQuery("""
                insert into usage_prices (account_id, provider, model, input_per_million_usd, output_per_million_usd)
                values (?1, ?2, ?3, ?4, ?5) on conflict (account_id, provider, model)
                do update set input_per_million_usd = excluded.input_per_million_usd, output_per_million_usd = excluded.output_per_million_usd""")
                .setParameter(1, accountId).setParameter(2, price.provider()).setParameter(3, price.model())
                .setParameter(4, price.inputPerMillionUsd()).setParameter(5, price.outputPerMillionUsd()).executeUpdate();
        return price;
    }

    @SuppressWarnings("unchecked")
    public List<Own> list(UUID accountId) {
        List<Object[]> rows = em.createNativeQuery("""
                select provider, model, input_per_million_usd, output_per_million_usd from usage_prices
                where account_id = ?1 order by provider, model""").setParameter(1, accountId).getResultList();
        return rows.stream().map(r -> new Own((String) r[0], (String) r[1], (BigDecimal) r[2], (BigDecimal) r[3])).toList();
    }

    /** The prices of one account, read once per batch. */
    Book book(UUID accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select provider, model, input_per_million_usd, output_per_million_usd from usage_prices where account_id = ?1""")
                .setParameter(1, accountId).getResultList();
        Map<String, Price> own = new HashMap<>();
        for (Object[] r : rows) {
            own.put(r[0] + "|" + r[1], new Price((BigDecimal) r[2], (BigDecimal) r[3]));
        }
        return new Book(own);
    }

    final class Book {
        private final Map<String, Price> own;

        private Book(Map<String, Price> own) {
            this.own = own;
        }

        /** Empty when the provider is neither in the catalog nor priced by the account (for this model or any, "*"). */
        Optional<Price> of(String provider, String model) {
            Price mine = own.getOrDefault(provider + "|" + model, own.get(provider + "|*"));
            if (mine != null) {
                return Optional.of(mine);
            }
            return catalog.find(provider).map(p -> p.price(model)
                    .map((ModelPrice m) -> new Price(m.inputPerMillionUsd(), m.outputPerMillionUsd())).orElse(Price.FREE));
        }
    }
}
