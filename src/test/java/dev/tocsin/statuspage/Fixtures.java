package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.statuspage.StatusChange.ComponentChanged;
import dev.tocsin.statuspage.StatusChange.IncidentOpened;
import dev.tocsin.statuspage.StatusChange.IncidentResolved;
import dev.tocsin.statuspage.StatusChange.IncidentUpdated;
import dev.tocsin.statuspage.StatusChange.MaintenanceScheduled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Loads the hand-written fixture bodies and renders results as short lines that read well in a table. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] body(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/statuspage/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StatusSnapshot parse(StatusPlatform platform, String path) {
        try {
            return StatusPages.adapterFor(platform).parse(body(path));
        } catch (UnreadableStatusPage e) {
            throw new AssertionError("fixture " + path + " should parse: " + e.getMessage(), e);
        }
    }

    /** "MINOR | Chat Completions=DEGRADED | open: Title [INVESTIGATING, MINOR] | maintenance: Title". */
    static String render(StatusSnapshot snapshot) {
        String components = snapshot.components().stream().map(c -> c.name() + "=" + c.state()).collect(Collectors.joining(", "));
        String open = snapshot.openIncidents().stream().map(i -> i.title() + " [" + i.status() + ", " + i.impact() + "]")
                .collect(Collectors.joining(", "));
        String maintenances = snapshot.maintenances().stream().map(Maintenance::title).collect(Collectors.joining(", "));
        return snapshot.indicator() + " | " + components + " | open: " + open + " | maintenance: " + maintenances;
    }

    static List<String> render(List<StatusChange> changes) {
        return changes.stream().map(Fixtures::render).toList();
    }

    static String render(StatusChange change) {
        if (change instanceof ComponentChanged c) {
            return c.component() + ": " + c.from() + " -> " + c.to();
        } else if (change instanceof IncidentOpened o) {
            return "opened: " + o.incident().title() + " [" + o.incident().status() + "]";
        } else if (change instanceof IncidentUpdated u) {
            return "updated: " + u.current().title() + " [" + u.current().status() + "]";
        } else if (change instanceof IncidentResolved r) {
            return "resolved: " + r.incident().title();
        }
        return "maintenance: " + ((MaintenanceScheduled) change).maintenance().title();
    }
}
