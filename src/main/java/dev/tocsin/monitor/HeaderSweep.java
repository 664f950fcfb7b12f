package dev.tocsin.monitor;

import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.security.PlainRowSweep;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Seals, at each node's start, the headers of monitors written before headers were encrypted (V15). */
@ApplicationScoped
public class HeaderSweep {

    private static final Logger LOG = Logger.getLogger(HeaderSweep.class);
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
        return PlainRowSweep.run(em, "select id, headers::text from monitors where sealed_headers is null and headers <> '{}'::jsonb", row -> {
            UUID id = (UUID) row[0];
            Map<String, String> clear = JSON.readValue((String) row[1], MAP);
            em.createNativeQuery("update monitors set sealed_headers = ?1, headers = cast(?2 as jsonb) where id = ?3 and sealed_headers is null")
                    .setParameter(1, SealedHeaders.seal(cipher, id, clear))
                    .setParameter(2, JSON.writeValueAsString(SealedHeaders.masked(clear)))
                    .setParameter(3, id).executeUpdate();
        });
    }
}
