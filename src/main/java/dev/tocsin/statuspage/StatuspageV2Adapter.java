package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.statuspage.StatusSnapshot.Indicator;
import dev.tocsin.statuspage.VendorIncident.Impact;
import dev.tocsin.statuspage.VendorIncident.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Atlassian Statuspage v2, {@code /api/v2/summary.json}. Its incident shape is also what incident.io and
 * Rootly publish, so those adapters call {@link #incident} and {@link #summary} instead of copying them.
 */
final class StatuspageV2Adapter implements StatusAdapter {

    static final String SUMMARY_PATH = "/api/v2/summary.json";
    private static final String EXPECTED = "a Statuspage v2 summary.json";

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.STATUSPAGE_V2;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return StatusPages.under(pageUrl, SUMMARY_PATH);
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        return summary(JsonBody.object(body, EXPECTED), EXPECTED);
    }

    static StatusSnapshot summary(JsonNode root, String expected) throws UnreadableStatusPage {
        JsonNode status = JsonBody.requiredObject(root, "status", expected);
        Indicator indicator = indicator(JsonBody.requiredText(status, "indicator", expected));
        List<Component> components = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "components", expected)) {
            // Groups are containers whose status is derived from their children; counting both doubles every change.
            if (!node.path("group").asBoolean(false)) {
                components.add(new Component(JsonBody.requiredText(node, "id", expected),
                        JsonBody.requiredText(node, "name", expected), componentState(JsonBody.text(node, "status"))));
            }
        }
        List<VendorIncident> incidents = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "incidents", expected)) {
            incidents.add(incident(node, expected));
        }
        List<Maintenance> maintenances = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "scheduled_maintenances", expected)) {
            String state = JsonBody.text(node, "status");
            if (!"completed".equals(state)) {
                maintenances.add(new Maintenance(JsonBody.requiredText(node, "id", expected),
                        JsonBody.requiredText(node, "name", expected), JsonBody.instant(node, "scheduled_for"),
                        JsonBody.instant(node, "scheduled_until"), componentNames(node, expected)));
            }
        }
        return new StatusSnapshot(indicator, components, incidents, maintenances);
    }

    /** One Statuspage-shaped incident. The id falls back to the link or title because Rootly's may omit it. */
    static VendorIncident incident(JsonNode node, String expected) throws UnreadableStatusPage {
        String title = JsonBody.requiredText(node, "name", expected);
        String link = JsonBody.text(node, "shortlink") != null ? JsonBody.text(node, "shortlink") : JsonBody.text(node, "url");
        String id = firstNonNull(JsonBody.text(node, "id"), link, title);
        List<JsonNode> updates = JsonBody.array(node, "incident_updates", expected);
        JsonNode latest = updates.isEmpty() ? null : updates.get(0);
        Status status = incidentStatus(JsonBody.text(node, "status"));
        if (status == Status.UNKNOWN && latest != null) {
            status = incidentStatus(JsonBody.text(latest, "status"));
        }
        return new VendorIncident(id, title, status, impact(JsonBody.text(node, "impact")), componentNames(node, expected),
                JsonBody.instant(node, "updated_at"), latest == null ? "" : firstNonNull(JsonBody.text(latest, "body"), ""),
                JsonBody.uri(link));
    }

    static Indicator indicator(String value) {
        return switch (JsonBody.code(value)) {
            case "none" -> Indicator.NONE;
            case "minor" -> Indicator.MINOR;
            case "major" -> Indicator.MAJOR;
            case "critical" -> Indicator.CRITICAL;
            case "maintenance" -> Indicator.MAINTENANCE;
            default -> Indicator.UNKNOWN;
        };
    }

    private static ComponentState componentState(String value) {
        return switch (JsonBody.code(value)) {
            case "operational" -> ComponentState.OPERATIONAL;
            case "degraded_performance" -> ComponentState.DEGRADED;
            case "partial_outage" -> ComponentState.PARTIAL_OUTAGE;
            case "major_outage" -> ComponentState.MAJOR_OUTAGE;
            case "under_maintenance" -> ComponentState.MAINTENANCE;
            default -> ComponentState.UNKNOWN;
        };
    }

    private static Status incidentStatus(String value) {
        return switch (JsonBody.code(value)) {
            case "investigating" -> Status.INVESTIGATING;
            case "identified" -> Status.IDENTIFIED;
            case "monitoring" -> Status.MONITORING;
            // A postmortem is only published after the incident is over.
            case "resolved", "postmortem", "completed" -> Status.RESOLVED;
            default -> Status.UNKNOWN;
        };
    }

    private static Impact impact(String value) {
        return switch (JsonBody.code(value)) {
            case "none", "maintenance" -> Impact.NONE;
            case "minor" -> Impact.MINOR;
            case "major" -> Impact.MAJOR;
            case "critical" -> Impact.CRITICAL;
            default -> Impact.UNKNOWN;
        };
    }

    private static List<String> componentNames(JsonNode node, String expected) throws UnreadableStatusPage {
        List<String> names = new ArrayList<>();
        for (JsonNode component : JsonBody.array(node, "components", expected)) {
            String name = JsonBody.text(component, "name");
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
