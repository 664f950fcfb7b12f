package dev.tocsin.notify.channel;

import dev.tocsin.platform.security.CredentialCipher;
import dev.tocsin.platform.security.PlainRowSweep;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Seals, at each node's start, the Slack and Discord URLs and PagerDuty keys stored readable before V15. */
@ApplicationScoped
public class TargetSweep {

    private static final Logger LOG = Logger.getLogger(TargetSweep.class);

    private final EntityManager em;
    private final CredentialCipher cipher;

    TargetSweep(EntityManager em, CredentialCipher cipher) {
        this.em = em;
        this.cipher = cipher;
    }

    void onStart(@Observes StartupEvent event) {
        int sealed = runOnce();
        if (sealed > 0) {
            LOG.infof("Sealed the targets of %d Slack, Discord or PagerDuty channels stored before targets were encrypted", sealed);
        }
    }

    /** Seals every readable secret target; returns how many were sealed. */
    public int runOnce() {
        return PlainRowSweep.run(em, "select id, type, target from channels where sealed_target is null and type in ('slack', 'discord', 'pagerduty')",
                row -> {
                    UUID id = (UUID) row[0];
                    String target = (String) row[2];
                    em.createNativeQuery("update channels set sealed_target = ?1, target = ?2 where id = ?3 and sealed_target is null")
                            .setParameter(1, cipher.encrypt(target, id.toString()))
                            .setParameter(2, Channels.mask((String) row[1], target))
                            .setParameter(3, id).executeUpdate();
                });
    }
}
