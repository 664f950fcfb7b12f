package dev.tocsin.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A merge patch of a monitor as the client sent it: which fields are present matters as much as their
 * values ({@code "credential": null} removes the credential; absent headers stay).
 */
public record MonitorPatch(ObjectNode change, ObjectMapper json) {

    boolean clearsCredential() {
        return change.has("credential") && change.get("credential").isNull();
    }

    boolean setsHeaders() {
        return change.has("headers") && !change.get("headers").isNull();
    }

    /** The stored draft with the present fields replaced; a credential being removed is not merged. */
    MonitorDraft mergeInto(MonitorDraft stored) {
        ObjectNode merged = json.valueToTree(stored);
        ObjectNode given = change.deepCopy();
        if (clearsCredential()) {
            given.remove("credential");
        }
        merged.setAll(given);
        if (given.has("regions") && !given.has("quorum")) {
            // Other regions, another default quorum (a majority of them), unless the change names one.
            merged.putNull("quorum");
        }
        try {
            return json.treeToValue(merged, MonitorDraft.class);
        } catch (JsonProcessingException e) {
            // The change alone was read as a draft before it got here; the stored draft always reads.
            throw new IllegalStateException("a merged monitor draft did not read back", e);
        }
    }

    /**
     * Whether the requests would now go elsewhere: another scheme, host or port, or another type or
     * provider (which decide how the credential is presented).
     */
    static boolean movesRequests(Monitor stored, MonitorDraft next) {
        return stored.type != next.type() || !Objects.equals(stored.provider, next.provider())
                || !origin(stored.url).equals(origin(next.url()));
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return url; // validated before it gets here; an unreadable URL only ever equals itself
        }
    }
}
