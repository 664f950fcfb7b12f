package dev.tocsin.probe;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A target this node now owns for one run, with the active monitors it serves; {@code region} is the region
 * it is probed for, null for a target of monitors without regions.
 */
public record ClaimedTarget(UUID targetId, Instant dueAt, boolean recheck, List<ProbeSpec> monitors, String region) {

    public ClaimedTarget(UUID targetId, Instant dueAt, boolean recheck, List<ProbeSpec> monitors) {
        this(targetId, dueAt, recheck, monitors, null);
    }
}
