package dev.tocsin.notify;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Something to tell an account about: what routes match on (monitors, provider, tags, severity) and
 * the {@code data} object of the message body ({@code incident}, {@code monitor}, {@code account}),
 * frozen as it is at the moment of the transition.
 */
public record Alert(UUID accountId, UUID incidentId, Collection<UUID> monitorIds, String provider, Collection<String> tags,
        String severity, Map<String, Object> data) {
}
