package dev.tocsin.cluster;

import dev.tocsin.testing.StubServer.Received;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a cluster run came to, read from the requests the stub received (with their time and the node
 * that sent them) and from the database: probing of the healthy monitors, incidents of the failing ones,
 * webhooks per incident event, and how long the work of a killed or stopped node and a restarted
 * database took to be picked up.
 */
public record ClusterReport(
        int nodes, int monitors, int intervalSeconds,
        /* probing of the monitors that never failed */
        IntSummaryStatistics probesPerInterval, Map<String, Integer> probesByNode,
        int runsLostAtKill, double killTakeoverSeconds, int runsLostAtStop, double stopTakeoverSeconds, int runsLostElsewhere,
        /* incidents and their alerts */
        IntSummaryStatistics incidentsPerFailingMonitor, int incidentsOfHealthyMonitors,
        IntSummaryStatistics openedPerIncident, IntSummaryStatistics resolvedPerIncident, int otherEvents,
        int webhookEvents, int lostWebhooks, int duplicateWebhooks, int undelivered,
        /* leases: deliveries whose first attempts were never recorded (their node died with them) */
        int leasesLostAtKill, double leaseTakeoverSeconds, long leaseSeconds,
        /* a graceful stop */
        int probeRunsHandedBack, int deliveriesHandedBack,
        /* PostgreSQL restart */
        double unreadyAfterSeconds, double readyAfterSeconds, double probingRecordedAfterSeconds, double maxGapAcrossRestart) {

    /** A probe counts for its slot from this many seconds before it (timer and clock slack). */
    private static final int SLOT_EARLY = 2;
    /** The claim lookahead: a killed node held the runs due this many seconds after its death. */
    private static final int LOOKAHEAD = 2;
    /** A stopping node waits up to 20 s for started probes: runs lost in that span are the stop's. */
    private static final int STOP_WINDOW = 25;
    private static final Pattern PROBES_HANDED = Pattern.compile("handed back (\\d+) claimed probe runs");
    private static final Pattern DELIVERIES_HANDED = Pattern.compile("handed back (\\d+) claimed deliveries");

    /** The User-Agent node {@code i} sends on every probe and webhook. */
    static String agent(int node) {
        return "Tocsin-cluster-node-" + node;
    }

    static ClusterReport read(ClusterScenario.Settings settings, ClusterScenario.Moments at, Map<UUID, String> monitorPaths,
                              List<UUID> failing, List<Received> received, Connection c, String killedLog, String stoppedLog)
            throws SQLException {
        int interval = settings.intervalSeconds();
        Map<String, List<Received>> byUri = received.stream().collect(Collectors.groupingBy(Received::uri));
        Map<UUID, Double> phases = phases(c);
        Map<String, Integer> probesByNode = new TreeMap<>();
        IntSummaryStatistics perSlot = new IntSummaryStatistics();
        List<Double> killDelays = new ArrayList<>();
        List<Double> stopDelays = new ArrayList<>();
        int lostElsewhere = 0;
        double maxAcrossRestart = 0;
        Instant end = at.probingAgain().minusSeconds(5);
        for (Map.Entry<UUID, String> monitor : monitorPaths.entrySet()) {
            List<Received> probes = byUri.getOrDefault(monitor.getValue(), List.of());
            probes.forEach(p -> probesByNode.merge(String.valueOf(p.headers().getFirst("User-Agent")), 1, Integer::sum));
            if (failing.contains(monitor.getKey()) || probes.size() < 2) {
                continue; // re-checks probe failing monitors more often, on purpose
            }
            List<Instant> times = probes.stream().map(Received::at).sorted().toList();
            // The quick first run is off the target's phase; from the second on, every slot of the phase
            // (phase + k intervals) must see exactly one probe, a little late at most.
            double phase = phases.get(monitor.getKey());
            long k = (long) Math.floor(times.get(1).getEpochSecond() / (double) interval - phase + 0.5);
            for (; ; k++) {
                Instant slot = slot(interval, phase, k);
                if (!slot.isBefore(end)) {
                    break;
                }
                Instant from = slot.minusSeconds(SLOT_EARLY);
                Instant to = slot.plusSeconds(interval - SLOT_EARLY);
                int inSlot = (int) times.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
                perSlot.accept(inSlot);
                if (inSlot > 0) {
                    continue;
                }
                Instant next = times.stream().filter(t -> t.isAfter(slot)).findFirst().orElse(end);
                if (within(slot, at.killed(), 1, LOOKAHEAD + 1)) {
                    killDelays.add(seconds(at.killed(), next));
                } else if (within(slot, at.stopped(), 1, STOP_WINDOW)) {
                    stopDelays.add(seconds(at.stopped(), next));
                } else {
                    lostElsewhere++;
                }
            }
            for (int i = 1; i < times.size(); i++) {
                if (spans(times.get(i - 1), times.get(i), at.databaseStopped()) || spans(times.get(i - 1), times.get(i), at.databaseBack())) {
                    maxAcrossRestart = Math.max(maxAcrossRestart, seconds(times.get(i - 1), times.get(i)));
                }
            }
        }

        Map<UUID, List<String>> eventsByIncident = new HashMap<>();
        Map<UUID, UUID> incidentOfRow = new HashMap<>();
        int undelivered = 0;
        try (PreparedStatement s = c.prepareStatement("select id, incident_id, event_type, status from outbox");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                UUID row = rs.getObject(1, UUID.class);
                UUID incident = rs.getObject(2, UUID.class);
                incidentOfRow.put(row, incident);
                eventsByIncident.computeIfAbsent(incident, i -> new ArrayList<>()).add(rs.getString(3));
                undelivered += "delivered".equals(rs.getString(4)) ? 0 : 1;
            }
        }
        Map<String, Long> receipts = byUri.getOrDefault("/hook", List.of()).stream()
                .collect(Collectors.groupingBy(r -> String.valueOf(r.headers().getFirst("webhook-id")), Collectors.counting()));
        int lost = (int) incidentOfRow.keySet().stream().filter(id -> !receipts.containsKey(id.toString())).count();
        int duplicates = (int) receipts.values().stream().mapToLong(n -> n - 1).sum();

        IntSummaryStatistics perFailing = new IntSummaryStatistics();
        for (UUID monitor : failing) {
            perFailing.accept((int) count(c, "select count(*) from incidents where ?::uuid = any(monitor_ids)", monitor));
        }
        int ofHealthy = (int) count(c, "select count(*) from incidents where not (monitor_ids && ?::uuid[])",
                c.createArrayOf("uuid", failing.toArray()));
        IntSummaryStatistics opened = eventsByIncident.values().stream()
                .mapToInt(events -> (int) events.stream().filter("incident.opened"::equals).count()).summaryStatistics();
        IntSummaryStatistics resolved = eventsByIncident.values().stream()
                .mapToInt(events -> (int) events.stream().filter("incident.resolved"::equals).count()).summaryStatistics();
        int other = (int) eventsByIncident.values().stream().flatMap(Collection::stream)
                .filter(e -> !e.equals("incident.opened") && !e.equals("incident.resolved")).count();

        int leasesLost = 0;
        double leaseTakeover = 0;
        try (PreparedStatement s = c.prepareStatement(
                "select min(attempt), min(at) from delivery_attempts group by outbox_id having min(attempt) > 1");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Instant retried = rs.getTimestamp(2).toInstant();
                if (retried.isAfter(at.killed()) && retried.isBefore(at.restored())) {
                    leasesLost++;
                    leaseTakeover = Math.max(leaseTakeover, seconds(at.killed(), retried));
                }
            }
        }

        return new ClusterReport(settings.nodes(), settings.monitors(), interval,
                perSlot, probesByNode, killDelays.size(), max(killDelays), stopDelays.size(), max(stopDelays), lostElsewhere,
                perFailing, ofHealthy, opened, resolved, other,
                incidentOfRow.size(), lost, duplicates, undelivered,
                leasesLost, leaseTakeover, settings.lease().toSeconds(),
                sum(PROBES_HANDED, stoppedLog), sum(DELIVERIES_HANDED, stoppedLog),
                seconds(at.databaseStopped(), at.allUnready()), seconds(at.databaseBack(), at.allReady()),
                seconds(at.databaseBack(), at.probingAgain()), maxAcrossRestart);
    }

    /** The report as bench/cluster.sh prints it. */
    public String text() {
        return String.join("\n",
                "nodes %d, monitors %d (%d failing), interval %d s".formatted(nodes, monitors, incidentsPerFailingMonitor.getCount(),
                        intervalSeconds),
                "probes per healthy monitor per interval: min %d, max %d over %d intervals (0 = a run lost, 2 = probed twice);"
                        .formatted(probesPerInterval.getMin(), probesPerInterval.getMax(), probesPerInterval.getCount())
                        + " runs lost other than at the kill and the stop: %d".formatted(runsLostElsewhere),
                "probes by node: " + probesByNode,
                runsLostAtKill == 0 ? "kill -9: no lost run seen (a run is seen lost only after its monitor's first run on its phase)"
                        : "kill -9: %d claimed runs lost, run again by another node at most %.1f s after the kill (their next slot)"
                        .formatted(runsLostAtKill, killTakeoverSeconds),
                leasesLostAtKill == 0 ? "kill -9: no delivery was leased by the node"
                        : "kill -9: %d deliveries lost with the node, sent again by another at most %.1f s after the kill (lease %d s)"
                        .formatted(leasesLostAtKill, leaseTakeoverSeconds, leaseSeconds),
                "SIGTERM: %d probe runs and %d deliveries handed back; %d runs lost%s".formatted(probeRunsHandedBack,
                        deliveriesHandedBack, runsLostAtStop, runsLostAtStop == 0 ? "" : " (next run %.1f s after)".formatted(stopTakeoverSeconds)),
                "incidents per failing monitor: min %d, max %d; incidents of healthy monitors: %d".formatted(
                        incidentsPerFailingMonitor.getMin(), incidentsPerFailingMonitor.getMax(), incidentsOfHealthyMonitors),
                "webhooks per incident: opened min %d max %d, resolved min %d max %d, other events %d".formatted(
                        openedPerIncident.getMin(), openedPerIncident.getMax(), resolvedPerIncident.getMin(),
                        resolvedPerIncident.getMax(), otherEvents),
                "webhook events %d: lost %d, duplicates by webhook-id %d, not delivered %d".formatted(webhookEvents, lostWebhooks,
                        duplicateWebhooks, undelivered),
                "PostgreSQL restart: every node unready %.1f s after the stop, ready %.1f s after the start, every monitor's"
                        .formatted(unreadyAfterSeconds, readyAfterSeconds)
                        + " probes recorded again %.1f s after the start; longest probe gap across it %.1f s"
                        .formatted(probingRecordedAfterSeconds, maxGapAcrossRestart));
    }

    private static Instant slot(int interval, double phase, long k) {
        return Instant.ofEpochMilli(Math.round(interval * (phase + k) * 1000));
    }

    private static boolean within(Instant moment, Instant around, int before, int after) {
        return !moment.isBefore(around.minusSeconds(before)) && !moment.isAfter(around.plusSeconds(after));
    }

    /** Each monitor's phase: the fraction of the interval its regular runs fall on. */
    private static Map<UUID, Double> phases(Connection c) throws SQLException {
        Map<UUID, Double> phases = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select m.id, t.phase from monitors m join probe_targets t on t.id = m.target_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                phases.put(rs.getObject(1, UUID.class), rs.getDouble(2));
            }
        }
        return phases;
    }

    private static boolean spans(Instant before, Instant after, Instant moment) {
        return !before.isAfter(moment) && after.isAfter(moment);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static int sum(Pattern pattern, String log) {
        int total = 0;
        Matcher m = pattern.matcher(log);
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    private static long count(Connection c, String sql, Object parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
