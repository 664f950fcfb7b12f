package dev.tocsin.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/**
 * {@code tocsin_monitors{status}}: monitors by their status, read from the database at scrape time, so
 * every kind of monitor counts as the API and the dashboard show it (a statuspage monitor follows its
 * page, not a probe). Every node reports the same totals.
 */
@ApplicationScoped
class MonitorMetrics {

    private final MeterRegistry registry;
    private final EntityManager em;

    MonitorMetrics(MeterRegistry registry, EntityManager em) {
        this.registry = registry;
        this.em = em;
    }

    void onStart(@Observes StartupEvent event) {
        for (MonitorStatus status : MonitorStatus.values()) {
            // A strong reference: Micrometer holds a gauge's source weakly, and this one is held by nobody else.
            Gauge.builder("tocsin.monitors", status, this::count).tag("status", status.code())
                    .description("Monitors by status").strongReference(true).register(registry);
        }
    }

    private double count(MonitorStatus status) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from monitors where status = ?1").setParameter(1, status.code()).getSingleResult()).doubleValue());
    }
}
