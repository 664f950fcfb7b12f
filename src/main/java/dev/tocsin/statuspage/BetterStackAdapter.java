package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.statuspage.StatusSnapshot.Indicator;
import dev.tocsin.statuspage.VendorIncident.Impact;
import dev.tocsin.statuspage.VendorIncident.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Better Stack, {@code /index.json}: a JSON:API document whose {@code included} list carries the page's
 * resources ({@code status_page_resource}) and reports ({@code status_report}). A report whose state is
 * back to operational is resolved; a report of type maintenance is a maintenance window, not an incident.
 * Reports publish no phase (investigating, …), so open ones have status UNKNOWN.
 */
final class BetterStackAdapter implements StatusAdapter {

    private static final String EXPECTED = "a Better Stack index.json";

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.BETTERSTACK;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return StatusPages.under(pageUrl, "/index.json");
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        JsonNode root = JsonBody.object(body, EXPECTED);
        JsonNode attributes = JsonBody.requiredObject(JsonBody.requiredObject(root, "data", EXPECTED), "attributes", EXPECTED);
        Indicator indicator = indicator(JsonBody.requiredText(attributes, "aggregate_state", EXPECTED));
        List<JsonNode> included = JsonBody.array(root, "included", EXPECTED);

        List<Component> components = new ArrayList<>();
        Map<String, String> namesById = new HashMap<>();
        for (JsonNode node : included) {
            if ("status_page_resource".equals(JsonBody.text(node, "type"))) {
                String id = JsonBody.requiredText(node, "id", EXPECTED);
                JsonNode resource = JsonBody.requiredObject(node, "attributes", EXPECTED);
                String name = JsonBody.requiredText(resource, "public_name", EXPECTED);
                namesById.put(id, name);
                components.add(new Component(id, name, componentState(JsonBody.text(resource, "status"))));
            }
        }
        List<VendorIncident> incidents = new ArrayList<>();
        List<Maintenance> maintenances = new ArrayList<>();
        for (JsonNode node : included) {
            if ("status_report".equals(JsonBody.text(node, "type"))) {
                String id = JsonBody.requiredText(node, "id", EXPECTED);
                JsonNode report = JsonBody.requiredObject(node, "attributes", EXPECTED);
                String title = JsonBody.requiredText(report, "title", EXPECTED);
                List<String> affected = affected(report, namesById);
                String state = JsonBody.code(JsonBody.text(report, "aggregate_state"));
                if ("maintenance".equals(JsonBody.code(JsonBody.text(report, "report_type")))) {
                    maintenances.add(new Maintenance(id, title, JsonBody.instant(report, "starts_at"),
                            JsonBody.instant(report, "ends_at"), affected));
                } else {
                    Status status = "operational".equals(state) ? Status.RESOLVED : Status.UNKNOWN;
                    incidents.add(new VendorIncident(id, title, status, impact(state), affected,
                            JsonBody.instant(report, "updated_at"), "", null));
                }
            }
        }
        return new StatusSnapshot(indicator, components, incidents, maintenances);
    }

    private static List<String> affected(JsonNode report, Map<String, String> namesById) throws UnreadableStatusPage {
        List<String> names = new ArrayList<>();
        for (JsonNode resource : JsonBody.array(report, "affected_resources", EXPECTED)) {
            String name = namesById.get(resource.path("status_page_resource_id").asText());
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private static Indicator indicator(String value) {
        return switch (JsonBody.code(value)) {
            case "operational" -> Indicator.NONE;
            case "degraded" -> Indicator.MINOR;
            case "downtime" -> Indicator.MAJOR;
            case "maintenance" -> Indicator.MAINTENANCE;
            default -> Indicator.UNKNOWN;
        };
    }

    private static ComponentState componentState(String value) {
        return switch (JsonBody.code(value)) {
            case "operational" -> ComponentState.OPERATIONAL;
            case "degraded" -> ComponentState.DEGRADED;
            case "downtime" -> ComponentState.MAJOR_OUTAGE;
            case "maintenance" -> ComponentState.MAINTENANCE;
            // not_monitored and anything new: we do not know, which is not the same as down.
            default -> ComponentState.UNKNOWN;
        };
    }

    private static Impact impact(String state) {
        return switch (state) {
            case "operational", "maintenance" -> Impact.NONE;
            case "degraded" -> Impact.MINOR;
            case "downtime" -> Impact.MAJOR;
            default -> Impact.UNKNOWN;
        };
    }
}
