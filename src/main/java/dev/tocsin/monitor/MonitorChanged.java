package dev.tocsin.monitor;

/**
 * Fired synchronously, inside the transaction that created, changed, paused, resumed or deleted a
 * monitor, so that the probe schedule follows in the same commit.
 */
public record MonitorChanged(Monitor monitor, boolean deleted) {
}
