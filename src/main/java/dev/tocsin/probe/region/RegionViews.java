package dev.tocsin.probe.region;

import dev.tocsin.monitor.MonitorStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Each region's view of regioned monitors, for the API and the pages. */
@ApplicationScoped
public class RegionViews {

    /** One region's confirmed view of a monitor. */
    @Schema(name = "RegionStatus")
    public record RegionStatus(String region, MonitorStatus status,
                               @Schema(description = "Since when the region sees this status") Instant since,
                               @Schema(description = "The region's last run; a region whose runs stop no longer counts "
                                       + "towards the quorum after one and a half intervals") Instant lastCheckedAt,
                               @Schema(description = "Why the region last saw it fail") String reason) {
    }

    private final EntityManager em;

    RegionViews(EntityManager em) {
        this.em = em;
    }

    /** By monitor id, regions in name order; monitors without regions are absent. */
    public Map<UUID, List<RegionStatus>> of(Collection<UUID> monitorIds) {
        Map<UUID, List<RegionStatus>> views = new LinkedHashMap<>();
        if (monitorIds.isEmpty()) {
            return views;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select monitor_id, region, status, status_since, last_checked_at, last_reason from monitor_regions
                where monitor_id = any(?1) order by monitor_id, region""", Object[].class)
                .setParameter(1, monitorIds.toArray(UUID[]::new)).getResultList();
        for (Object[] r : rows) {
            MonitorStatus status = MonitorStatus.valueOf(((String) r[2]).toUpperCase(Locale.ROOT));
            views.computeIfAbsent((UUID) r[0], id -> new java.util.ArrayList<>()).add(new RegionStatus((String) r[1], status,
                    instant(r[3]), instant(r[4]), status == MonitorStatus.DOWN || status == MonitorStatus.DEGRADED ? (String) r[5] : null));
        }
        return views;
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
