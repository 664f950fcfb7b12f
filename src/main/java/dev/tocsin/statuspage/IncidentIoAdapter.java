package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;

/** incident.io status pages serve a Statuspage-compatible {@code /api/v2/summary.json}; the v2 reader does the work. */
final class IncidentIoAdapter implements StatusAdapter {

    private static final String EXPECTED = "an incident.io (Statuspage-compatible) summary.json";

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.INCIDENT_IO;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return StatusPages.under(pageUrl, StatuspageV2Adapter.SUMMARY_PATH);
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        return StatuspageV2Adapter.summary(JsonBody.object(body, EXPECTED), EXPECTED);
    }
}
