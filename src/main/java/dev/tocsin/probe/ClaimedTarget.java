package dev.tocsin.probe;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A target this node now owns for one run, with the active monitors it serves. */
public record ClaimedTarget(UUID targetId, Instant dueAt, boolean recheck, List<ProbeSpec> monitors) {
}
