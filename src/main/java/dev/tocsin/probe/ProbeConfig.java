package dev.tocsin.probe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The probe engine's settings (docs/configuration.md lists each with its default). */
@ConfigMapping(prefix = "tocsin.probes")
public interface ProbeConfig {

    /** Whether this node claims and runs probes. Any number of nodes may; each due probe runs once. */
    @WithDefault("true")
    boolean enabled();

    /** Most targets claimed in one transaction. */
    @Min(1)
    @Max(10000)
    @WithDefault("500")
    int claimBatchSize();

    /** How far ahead of their due time targets are claimed, then started on time by a local timer. */
    @WithDefault("2s")
    Duration lookahead();

    /** How often the claimer looks for due targets. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Probes in flight on this node at most; beyond it the claimer waits rather than claims. */
    @Min(1)
    @WithDefault("5000")
    int maxInFlight();

    /** Delay of the quick re-check after a first failure (and after a first success while down). */
    @WithDefault("10s")
    Duration recheckInterval();

    /** Most bytes of a response body read for assertions and error decoding; the rest is discarded. */
    @Min(1024)
    @WithDefault("65536")
    int maxBodyBytes();

    /** Results written per transaction at most. */
    @Min(1)
    @WithDefault("500")
    int writeBatchSize();

    /**
     * How long the writer waits for more finished runs before it writes a batch that is not full. A
     * transaction per run or two costs more than the runs themselves; this delays results, and what
     * they confirm, by at most as much.
     */
    @WithDefault("100ms")
    Duration writeLinger();

    /**
     * Days raw probe results are kept that were not up, were re-checks or changed a monitor's state;
     * rollups outlive them. Retention drops whole daily partitions.
     */
    @Min(1)
    @WithDefault("7")
    int rawRetentionDays();

    /**
     * How long healthy runs (up, changing nothing) are kept raw; after it only the rollups remember them.
     * They live in 6-hour partitions, so a healthy run stays between this and 6 hours more.
     */
    @WithDefault("24h")
    Duration healthyRawRetention();

    /** Days 5-minute rollups are kept (daily partitions, dropped whole). */
    @Min(1)
    @WithDefault("2")
    int fiveMinuteRollupDays();

    /** Days hourly rollups are kept. */
    @Min(1)
    @WithDefault("365")
    int rollupRetentionDays();
}
