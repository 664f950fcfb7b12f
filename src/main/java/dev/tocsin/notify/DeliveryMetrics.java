package dev.tocsin.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;

/** Delivery metrics: outbox depth, attempts by channel type and result, insert-to-delivered time. */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer toDelivered;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.toDelivered = Timer.builder("tocsin.delivery.latency").description("From outbox insert to delivered")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofHours(24))
                .register(registry);
    }

    /**
     * Registers the depth gauge; its value is read from the database at scrape time. The reference is
     * strong: Micrometer holds a gauge's source weakly by default, and a lambda held by nobody else would
     * be collected, leaving the gauge at NaN.
     */
    void depth(Supplier<Number> pending) {
        Gauge.builder("tocsin.outbox.depth", pending, s -> s.get().doubleValue()).description("Outbox rows waiting for an attempt")
                .strongReference(true).register(registry);
    }

    void attempted(String channelType, DeliveryResult.Outcome outcome) {
        registry.counter("tocsin.delivery.attempts", "channel", channelType, "result", outcome.code()).increment();
    }

    /** A claimed delivery handed back unsent: its channel's senders could not start it within the lease. */
    void leaseRanOut(String channelType) {
        registry.counter("tocsin.delivery.lease.ran.out", "channel", channelType).increment();
    }

    void delivered(Duration sinceInsert) {
        toDelivered.record(sinceInsert.isNegative() ? Duration.ZERO : sinceInsert);
    }
}
