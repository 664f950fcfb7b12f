package dev.tocsin.platform.wakeup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Database wake-ups (docs/configuration.md). */
@ConfigMapping(prefix = "tocsin.wakeups")
public interface WakeupConfig {

    /**
     * Whether this node holds a connection that LISTENs for committed outbox rows. Off, the outboxes are
     * only polled: for a connection path that cannot carry LISTEN (a pooler in transaction mode).
     */
    @WithDefault("true")
    boolean enabled();
}
