package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.statuspage.StatusSnapshot.Indicator;
import dev.tocsin.statuspage.VendorIncident.Impact;
import dev.tocsin.statuspage.VendorIncident.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Instatus, {@code /summary.json}. Only summary.json is read: it has the page state, active incidents and
 * maintenances but no component states. Those live in {@code /v2/components.json}, a second request this
 * single-body adapter does not make, so Instatus snapshots have no components and a component filter lets
 * every Instatus incident through (they list no components).
 */
final class InstatusAdapter implements StatusAdapter {

    private static final String EXPECTED = "an Instatus summary.json";

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.INSTATUS;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return StatusPages.under(pageUrl, "/summary.json");
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        JsonNode root = JsonBody.object(body, EXPECTED);
        String pageStatus = JsonBody.requiredText(JsonBody.requiredObject(root, "page", EXPECTED), "status", EXPECTED);
        List<VendorIncident> incidents = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "activeIncidents", EXPECTED)) {
            incidents.add(incident(node));
        }
        List<Maintenance> maintenances = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "activeMaintenances", EXPECTED)) {
            if (!"completed".equals(JsonBody.code(JsonBody.text(node, "status")))) {
                maintenances.add(maintenance(node));
            }
        }
        return new StatusSnapshot(indicator(pageStatus, incidents), List.of(), incidents, maintenances);
    }

    private static VendorIncident incident(JsonNode node) throws UnreadableStatusPage {
        String url = JsonBody.text(node, "url");
        Instant updated = JsonBody.instant(node, "updatedAt");
        return new VendorIncident(JsonBody.requiredText(node, "id", EXPECTED), JsonBody.requiredText(node, "name", EXPECTED),
                status(JsonBody.text(node, "status")), impact(JsonBody.text(node, "impact")), List.of(),
                updated != null ? updated : JsonBody.instant(node, "started"), "", JsonBody.uri(url));
    }

    private static Maintenance maintenance(JsonNode node) throws UnreadableStatusPage {
        Instant start = JsonBody.instant(node, "start");
        // Instatus gives a duration in minutes instead of an end time.
        long minutes = node.path("duration").asLong(0);
        Instant end = start != null && minutes > 0 ? start.plus(Duration.ofMinutes(minutes)) : null;
        return new Maintenance(JsonBody.requiredText(node, "id", EXPECTED), JsonBody.requiredText(node, "name", EXPECTED),
                start, end, List.of());
    }

    /** HASISSUES carries no severity of its own, so the worst open incident's impact decides; at least MINOR. */
    private static Indicator indicator(String pageStatus, List<VendorIncident> incidents) {
        return switch (JsonBody.code(pageStatus)) {
            case "up" -> Indicator.NONE;
            case "undermaintenance" -> Indicator.MAINTENANCE;
            case "hasissues" -> incidents.stream().filter(incident -> !incident.isResolved())
                    .map(VendorIncident::impact)
                    .map(impact -> switch (impact) {
                        case CRITICAL -> Indicator.CRITICAL;
                        case MAJOR -> Indicator.MAJOR;
                        default -> Indicator.MINOR;
                    })
                    .max(Enum::compareTo).orElse(Indicator.MINOR);
            default -> Indicator.UNKNOWN;
        };
    }

    private static Status status(String value) {
        return switch (JsonBody.code(value)) {
            case "investigating" -> Status.INVESTIGATING;
            case "identified" -> Status.IDENTIFIED;
            case "monitoring" -> Status.MONITORING;
            case "resolved" -> Status.RESOLVED;
            default -> Status.UNKNOWN;
        };
    }

    /** Mapped the way Statuspage derives impact from component states: degraded minor, partial major, full critical. */
    private static Impact impact(String value) {
        return switch (JsonBody.code(value)) {
            case "degradedperformance" -> Impact.MINOR;
            case "partialoutage" -> Impact.MAJOR;
            case "majoroutage" -> Impact.CRITICAL;
            case "undermaintenance", "operational" -> Impact.NONE;
            default -> Impact.UNKNOWN;
        };
    }
}
