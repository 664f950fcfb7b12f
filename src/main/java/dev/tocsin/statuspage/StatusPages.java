package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Picks the adapter for a known platform, or the ordered guesses to try for a page of unknown platform. */
public final class StatusPages {

    /** One thing to try: fetch {@code fetchUrl} and hand the body to {@code adapter}. */
    public record Candidate(StatusAdapter adapter, URI fetchUrl) {
    }

    private static final StatusAdapter STATUSPAGE_V2 = new StatuspageV2Adapter();
    private static final StatusAdapter INSTATUS = new InstatusAdapter();
    private static final StatusAdapter BETTERSTACK = new BetterStackAdapter();
    private static final StatusAdapter ROOTLY = new RootlyAdapter();
    private static final StatusAdapter FEED = new FeedAdapter();
    private static final Map<StatusPlatform, StatusAdapter> BY_PLATFORM = Map.of(
            StatusPlatform.STATUSPAGE_V2, STATUSPAGE_V2,
            StatusPlatform.INCIDENT_IO, new IncidentIoAdapter(),
            StatusPlatform.INSTATUS, INSTATUS,
            StatusPlatform.BETTERSTACK, BETTERSTACK,
            StatusPlatform.ROOTLY, ROOTLY,
            StatusPlatform.RSS, FEED);
    /** Where Statuspage (history) and Better Stack/Instatus (feed) publish their feeds. */
    private static final List<String> FEED_PATHS = List.of("/history.rss", "/feed.rss");

    private StatusPages() {
    }

    public static StatusAdapter adapterFor(StatusPlatform platform) {
        return BY_PLATFORM.get(Objects.requireNonNull(platform, "platform"));
    }

    /**
     * The candidates for a page whose platform is unknown, most likely first. A URL that looks like a feed
     * is tried as one first; otherwise the JSON endpoints come first because they carry component states,
     * which a feed never does. incident.io is not listed: it answers the same path as Statuspage v2.
     */
    public static List<Candidate> detect(URI pageUrl) {
        List<Candidate> candidates = new ArrayList<>();
        boolean looksLikeFeed = looksLikeFeed(pageUrl);
        URI page = looksLikeFeed ? origin(pageUrl) : pageUrl;
        if (looksLikeFeed) {
            candidates.add(new Candidate(FEED, pageUrl));
        }
        for (StatusAdapter adapter : List.of(STATUSPAGE_V2, INSTATUS, BETTERSTACK, ROOTLY)) {
            candidates.add(new Candidate(adapter, adapter.fetchUrl(page)));
        }
        if (!looksLikeFeed) {
            FEED_PATHS.forEach(path -> candidates.add(new Candidate(FEED, under(page, path))));
        }
        return List.copyOf(candidates);
    }

    /** The page URL with {@code path} appended, keeping the page's own path (pages may live under one). */
    static URI under(URI pageUrl, String path) {
        String base = pageUrl.toString();
        int cut = indexOfAny(base, '?', '#');
        if (cut >= 0) {
            base = base.substring(0, cut);
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    private static boolean looksLikeFeed(URI url) {
        String path = url.getPath() == null ? "" : url.getPath().toLowerCase(Locale.ROOT);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.endsWith(".rss") || last.endsWith(".atom") || last.endsWith(".xml")
                || last.equals("feed") || last.equals("rss") || last.equals("atom");
    }

    private static URI origin(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
}
