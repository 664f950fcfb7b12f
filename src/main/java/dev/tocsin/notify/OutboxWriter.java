package dev.tocsin.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.Route;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes the outbox rows of one notifying transition, in the caller's transaction: one row per matching
 * route whose channel can receive (enabled; an email address confirmed). If the transition rolls back,
 * so do its rows; if it commits, the drainer will deliver them, however the node fares.
 */
@ApplicationScoped
public class OutboxWriter {

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    OutboxWriter(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** Rows for every matching route. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(Alert alert, String eventType) {
        return enqueue(alert, eventType, route -> true);
    }

    /** Rows for the matching routes that {@code which} accepts (a reminder is per route). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(Alert alert, String eventType, Predicate<Route> which) {
        List<Route> routes = Route.<Route>list("accountId", alert.accountId()).stream()
                .filter(r -> r.matches(alert.monitorIds(), alert.provider(), alert.tags(), alert.severity()))
                .filter(which).toList();
        if (routes.isEmpty()) {
            return 0;
        }
        Map<UUID, Channel> channels = Channel.<Channel>list("accountId = ?1 and enabled = true", alert.accountId()).stream()
                .collect(Collectors.toMap(c -> c.id, c -> c));
        Set<String> verified = verifiedEmails(alert.accountId());
        String payload = toJson(alert.data());
        Instant now = clock.instant();
        int written = 0;
        Set<UUID> reached = new HashSet<>();
        for (Route route : routes) {
            Channel channel = channels.get(route.channelId);
            // Two routes to one channel still make one message per event.
            if (channel == null || !canReceive(channel, verified) || !reached.add(channel.id)) {
                continue;
            }
            em.createNativeQuery("""
                    insert into outbox (id, account_id, incident_id, channel_id, route_id, event_type, payload, next_attempt_at, created_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb), ?8, ?8)""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, alert.accountId()).setParameter(3, alert.incidentId())
                    .setParameter(4, channel.id).setParameter(5, route.id).setParameter(6, eventType).setParameter(7, payload)
                    .setParameter(8, now).executeUpdate();
            written++;
        }
        return written;
    }

    /** An email channel receives once its address is confirmed, or is a member's verified address. */
    private static boolean canReceive(Channel channel, Set<String> verifiedEmails) {
        return !"email".equals(channel.type) || channel.unsubscribedAt == null
                && (channel.confirmedAt != null || verifiedEmails.contains(channel.target.toLowerCase(Locale.ROOT)));
    }

    private Set<String> verifiedEmails(UUID accountId) {
        @SuppressWarnings("unchecked")
        List<String> emails = em.createNativeQuery("""
                select lower(u.email) from memberships m join users u on u.id = m.user_id
                where m.account_id = ?1 and u.email_verified_at is not null""").setParameter(1, accountId).getResultList();
        return Set.copyOf(emails);
    }

    private String toJson(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert data must serialize", e);
        }
    }
}
