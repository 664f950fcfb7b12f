package dev.tocsin.monitor;

import dev.tocsin.platform.security.CredentialCipher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Seals the headers of monitors written before headers were encrypted (V12). SQL cannot do it, the key
 * being outside the database, so each node runs this at start; the update is conditional, so two nodes
 * sealing at once write each row once. Readers accept both forms meanwhile.
 */
@ApplicationScoped
public class HeaderSweep {

    private static final Logger LOG = Logger.getLogger(HeaderSweep.class);
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final EntityManager em;
    private final CredentialCipher cipher;

    HeaderSweep(EntityManager em, CredentialCipher cipher) {
        this.em = em;
        this.cipher = cipher;
    }

    void onStart(@Observes StartupEvent event) {
        int sealed = runOnce();
        if (sealed > 0) {
            LOG.infof("Sealed the request headers of %d monitors stored before headers were encrypted", sealed);
        }
    }

    /** Seals every readable row; returns how many were sealed. */
    public int runOnce() {
        int total = 0;
        int done;
        do {
            done = batch();
            total += done;
        } while (done == BATCH);
        return total;
    }

    private int batch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                    "select id, headers::text from monitors where sealed_headers is null and headers <> '{}'::jsonb limit " + BATCH)
                    .getResultList();
            for (Object[] row : rows) {
                UUID id = (UUID) row[0];
                Map<String, String> clear = JSON.readValue((String) row[1], MAP);
                em.createNativeQuery("update monitors set sealed_headers = ?1, headers = cast(?2 as jsonb) where id = ?3 and sealed_headers is null")
                        .setParameter(1, SealedHeaders.seal(cipher, id, clear))
                        .setParameter(2, JSON.writeValueAsString(SealedHeaders.masked(clear)))
                        .setParameter(3, id).executeUpdate();
            }
            return rows.size();
        });
    }
}
