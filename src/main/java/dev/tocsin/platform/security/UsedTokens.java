package dev.tocsin.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;

/** Makes signed links single-use across every node: the nonce's primary key refuses a second use. */
@ApplicationScoped
public class UsedTokens {

    private final EntityManager em;
    private final Clock clock;

    UsedTokens(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * Records the use inside the caller's transaction, so that a failure later in it leaves the link
     * usable. Throws when the link was used before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void consume(SignedLinks.Verified token) {
        int inserted = em.createNativeQuery("""
                        insert into used_tokens (nonce, purpose, used_at, expires_at) values (?1, ?2, ?3, ?4)
                        on conflict (nonce) do nothing""")
                .setParameter(1, token.nonce())
                .setParameter(2, token.purpose().name())
                .setParameter(3, clock.instant())
                .setParameter(4, token.expiresAt())
                .executeUpdate();
        if (inserted == 0) {
            throw new SignedLinks.InvalidLinkException(SignedLinks.Refusal.USED);
        }
    }
}
