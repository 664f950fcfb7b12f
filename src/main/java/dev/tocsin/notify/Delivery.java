package dev.tocsin.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One claimed outbox row, with its channel as it is now: what to send, where, and which attempt this
 * is. {@code attempt} also fences the result: only the holder of this attempt may record it. Until
 * {@code leaseUntil} no other node claims the row; a send that could not finish by then is not started.
 */
public record Delivery(UUID id, UUID accountId, UUID incidentId, String eventType, JsonNode data, int attempt,
        Instant createdAt, Target channel, Instant leaseUntil) {

    /**
     * The channel; {@code secret} is the webhook secret, decrypted, or null; {@code canReceive} is false for
     * an email address not (or no longer) confirmed.
     */
    public record Target(UUID id, String type, String name, String target, String secret, boolean enabled, boolean canReceive) {

        @Override
        public String toString() {
            return "Target[" + type + " " + id + "]"; // never the secret, nor the address
        }
    }
}
