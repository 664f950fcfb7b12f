package dev.tocsin.platform.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;

/** How Tocsin calls customers' and providers' URLs (probes, status pages, webhooks). */
@ConfigMapping(prefix = "tocsin.outbound")
public interface OutboundConfig {

    /** Whether URLs may reach private, loopback and link-local addresses; only for self-hosting on a private network. */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Event-loop threads shared by all outbound requests; 0 means one per CPU. */
    @Min(0)
    @Max(256)
    @WithDefault("0")
    int eventLoopThreads();

    /** Sent on every request that does not set its own User-Agent. */
    @NotBlank
    @WithDefault("Tocsin/1.0 (+https://tocsin.dev)")
    String userAgent();

    /**
     * The source address outbound connections leave from (an IP address of this machine), for egress that
     * must come from a known address or through one interface; unset lets the system choose.
     */
    Optional<String> localAddress();
}
