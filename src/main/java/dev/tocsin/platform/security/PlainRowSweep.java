package dev.tocsin.platform.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * The start-up pass that seals secrets stored readable before they were encrypted: SQL cannot do it, the
 * key being outside the database, so each node reads such rows in batches, each batch in its own
 * transaction, and seals each row with an update conditional on it still being readable, so that two
 * nodes sweeping at once write each row once. Readers accept both forms meanwhile.
 */
public final class PlainRowSweep {

    private static final int BATCH = 500;

    /** Seals one row as the query returned it, with a conditional update. */
    @FunctionalInterface
    public interface Sealer {
        void seal(Object[] row) throws Exception;
    }

    private PlainRowSweep() {
    }

    /**
     * @param select the rows still readable, without a limit; the sealer must take each out of it
     * @return how many rows were sealed
     */
    public static int run(EntityManager em, String select, Sealer sealer) {
        int total = 0;
        int done;
        do {
            done = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery(select + " limit " + BATCH).getResultList();
                for (Object[] row : rows) {
                    sealer.seal(row);
                }
                return rows.size();
            });
            total += done;
        } while (done == BATCH);
        return total;
    }
}
