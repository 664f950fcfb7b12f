package dev.tocsin.notify.channel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Which incidents a channel receives: those of the listed monitors, providers or tags (all empty: every
 * incident), at or above a severity, with reminders every {@code reminderSeconds} while open (0: none).
 */
@Entity
@Table(name = "routes")
public class Route extends PanacheEntityBase {

    public static final int DEFAULT_REMINDER_SECONDS = 4 * 3600;

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "channel_id", nullable = false)
    public UUID channelId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "monitor_ids", nullable = false)
    public List<UUID> monitorIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> providers;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> tags;

    /** degraded or down. */
    @Column(name = "min_severity", nullable = false)
    public String minSeverity;

    @Column(name = "reminder_seconds", nullable = false)
    public int reminderSeconds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A route of every monitor's incidents, from degraded up, with the default reminders. */
    public static Route toEverything(UUID accountId, UUID channelId, Instant now) {
        Route route = new Route();
        route.id = UUID.randomUUID();
        route.accountId = accountId;
        route.channelId = channelId;
        route.monitorIds = List.of();
        route.providers = List.of();
        route.tags = List.of();
        route.minSeverity = "degraded";
        route.reminderSeconds = DEFAULT_REMINDER_SECONDS;
        route.createdAt = now;
        return route;
    }

    /** Whether an incident with these monitors, provider, tags and severity reaches this route. */
    public boolean matches(Collection<UUID> incidentMonitors, String provider, Collection<String> incidentTags, String severity) {
        if ("down".equals(minSeverity) && !"down".equals(severity)) {
            return false;
        }
        if (monitorIds.isEmpty() && providers.isEmpty() && tags.isEmpty()) {
            return true;
        }
        return incidentMonitors.stream().anyMatch(monitorIds::contains)
                || provider != null && providers.contains(provider)
                || incidentTags.stream().anyMatch(tags::contains);
    }
}
