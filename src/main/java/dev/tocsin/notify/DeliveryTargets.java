package dev.tocsin.notify;

import dev.tocsin.platform.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Where claimed deliveries go, as their channels are now (not as they were when the row was queued):
 * enabled or not, the address confirmed or not, and the webhook secret decrypted.
 */
@ApplicationScoped
class DeliveryTargets {

    private static final Logger LOG = Logger.getLogger(DeliveryTargets.class);

    private final CredentialCipher cipher;

    DeliveryTargets(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    /** The channels of claimed rows, read on the claim's connection. */
    Map<UUID, Delivery.Target> read(Connection c, List<UUID> ids) throws SQLException {
        Map<UUID, Delivery.Target> channels = new HashMap<>();
        if (ids.isEmpty()) {
            return channels;
        }
        // An email address changed after a row was queued must be confirmed again before it receives that row, and
        // one whose recipient unsubscribed receives nothing until they confirm again.
        try (PreparedStatement select = c.prepareStatement("""
                select ch.id, ch.type, ch.name, ch.target, ch.secret, ch.enabled,
                       ch.type <> 'email' or ch.unsubscribed_at is null and (ch.confirmed_at is not null or exists (
                           select 1 from memberships m join users u on u.id = m.user_id
                           where m.account_id = ch.account_id and lower(u.email) = lower(ch.target)
                             and u.email_verified_at is not null))
                       , ch.sealed_target
                from channels ch where ch.id = any(?)""")) {
            select.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    byte[] sealedTarget = rs.getBytes(8);
                    String target = sealedTarget == null ? rs.getString(4) : secret(id, sealedTarget);
                    channels.put(id, new Delivery.Target(id, rs.getString(2), rs.getString(3), target,
                            secret(id, rs.getBytes(5)), rs.getBoolean(6), rs.getBoolean(7)));
                }
            }
        }
        return channels;
    }

    /**
     * The webhook secret or sealed target, or null when there is none or it cannot be decrypted (a credential key removed
     * too early): such a row must fail its attempt like any other, never stop the claim of everyone's rows.
     */
    private String secret(UUID channelId, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.decrypt(sealed, channelId.toString());
        } catch (RuntimeException e) {
            LOG.warnf("A secret of channel %s cannot be decrypted: is its credential key still configured?", channelId);
            return null;
        }
    }
}
