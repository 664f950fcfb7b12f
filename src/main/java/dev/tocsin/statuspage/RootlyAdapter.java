package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Rootly, {@code /api/v1/status.json}: Rootly documents this public, key-less endpoint ("Status Page Public
 * API", docs.rootly.com) on pages with a custom domain, such as Mistral's. It carries {@code status.indicator}
 * (none, minor, major, maintenance) and the active incidents in Statuspage's incident shape, which the v2
 * reader parses; Rootly's own examples sometimes omit the incident id and use {@code url} for the link, and
 * that reader tolerates both. It lists no components, so a component filter lets every Rootly incident through.
 * A Rootly page without a custom domain has no such endpoint; point the monitor at its feed (RSS) instead.
 */
final class RootlyAdapter implements StatusAdapter {

    static final String STATUS_PATH = "/api/v1/status.json";
    private static final String EXPECTED = "a Rootly status.json";

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.ROOTLY;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return StatusPages.under(pageUrl, STATUS_PATH);
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        JsonNode root = JsonBody.object(body, EXPECTED);
        JsonNode status = JsonBody.requiredObject(root, "status", EXPECTED);
        StatusSnapshot.Indicator indicator = StatuspageV2Adapter.indicator(JsonBody.requiredText(status, "indicator", EXPECTED));
        List<VendorIncident> incidents = new ArrayList<>();
        for (JsonNode node : JsonBody.array(root, "incidents", EXPECTED)) {
            incidents.add(StatuspageV2Adapter.incident(node, EXPECTED));
        }
        return new StatusSnapshot(indicator, List.of(), incidents, List.of());
    }
}
