package dev.tocsin.statuspage.poll;

import dev.tocsin.platform.outbound.OutboundResponse;
import dev.tocsin.statuspage.StatusAdapter;
import dev.tocsin.statuspage.StatusSnapshot;
import dev.tocsin.statuspage.UnreadableStatusPage;
import java.net.URI;

/**
 * What one fetch of a status page amounted to, as a pure function of the response. Every way a page can
 * fail to answer ends in {@link Failed} with the page's own condition, never in an exception and never in
 * anything that could read as the vendor being down.
 */
sealed interface PageRead {

    /** 304: the stored snapshot still holds. */
    record NotModified() implements PageRead {
    }

    record Fresh(StatusSnapshot snapshot, String etag, String lastModified) implements PageRead {
    }

    record Failed(PageState state, String message) implements PageRead {
    }

    static PageRead of(URI fetchUrl, OutboundResponse response, StatusAdapter adapter, int maxBodyBytes) {
        if (response.failure().isPresent()) {
            return new Failed(PageState.UNREACHABLE, fetchUrl + ": " + response.failure().get().message());
        }
        int status = response.status();
        if (status == 304) {
            return new NotModified();
        }
        if (status < 200 || status > 299) {
            String where = response.header("Location").map(to -> " redirecting to " + to).orElse("");
            return new Failed(PageState.UNREACHABLE, "HTTP " + status + where + " from " + fetchUrl);
        }
        if (response.bodyTruncated()) {
            return new Failed(PageState.UNREADABLE, "the body of " + fetchUrl + " is larger than " + maxBodyBytes
                    + " bytes (tocsin.status-pages.max-body-bytes); it was not read");
        }
        try {
            StatusSnapshot snapshot = adapter.parse(response.body());
            return new Fresh(snapshot, response.header("ETag").orElse(null), response.header("Last-Modified").orElse(null));
        } catch (UnreadableStatusPage e) {
            return new Failed(PageState.UNREADABLE, e.getMessage());
        } catch (RuntimeException e) {
            // An adapter bug must cost one page one poll, not the poller.
            return new Failed(PageState.UNREADABLE, "could not read " + fetchUrl + ": " + e);
        }
    }
}
