package dev.tocsin.statuspage.poll;

import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.outbound.OutboundRequest;
import dev.tocsin.platform.outbound.OutboundResponse;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.statuspage.StatusPages;
import dev.tocsin.statuspage.StatusPages.Candidate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the platform of a page someone wants to watch: from the catalog, from an earlier detection, or by
 * fetching {@link StatusPages#detect} candidates (all at once) and taking the first, in the list's order,
 * whose body its adapter reads. Runs before the monitor's transaction, since it waits on the network; the
 * page row it registers, and the read that found it, commit on their own and are harmless if the monitor
 * is then not created.
 */
@ApplicationScoped
public class PageDetection {

    private final OutboundHttp http;
    private final StatusPageSubscriptions subscriptions;
    private final PageRecorder recorder;
    private final StatusPageConfig config;
    private final Clock clock;

    PageDetection(OutboundHttp http, StatusPageSubscriptions subscriptions, PageRecorder recorder, StatusPageConfig config,
                  Clock clock) {
        this.http = http;
        this.subscriptions = subscriptions;
        this.recorder = recorder;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The page behind {@code url}, registered for monitors to subscribe to. Empty when the URL is not an
     * http(s) URL at all: monitor validation reports that, field by field.
     *
     * @throws ProblemException 422 listing every URL tried and what it answered, when no platform reads it
     */
    public Optional<PageRef> detect(String url) {
        Optional<URI> normalized = PageUrls.normalize(url);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        URI page = normalized.get();
        Optional<PageRef> known = QuarkusTransaction.requiringNew().call(() -> subscriptions.known(page, true));
        Detected detected = known.map(ref -> new Detected(ref, null)).orElseGet(() -> probe(page));
        UUID id = QuarkusTransaction.requiringNew().call(() -> subscriptions.register(detected.ref(), true));
        if (detected.read() != null) {
            // The fetch that found the platform is the page's first read: the monitor shows its status at once.
            Instant now = clock.instant();
            recorder.record(id, detected.read(), now);
            QuarkusTransaction.requiringNew().run(() -> subscriptions.pollNextAfter(id, now.plus(config.pollInterval())));
        }
        return Optional.of(detected.ref());
    }

    /**
     * The components the page lists now, read once, for a person choosing which to watch; empty when the
     * page does not answer or lists none (the monitor then watches the whole page).
     */
    public List<dev.tocsin.statuspage.Component> components(PageRef ref) {
        try {
            OutboundResponse response = http.send(new OutboundRequest(ref.fetchUrl(), "GET", Map.of("Accept", StatusPagePoller.ACCEPT),
                    null, config.timeout(), config.maxBodyBytes())).toCompletableFuture().join();
            PageRead read = PageRead.of(ref.fetchUrl(), response, StatusPages.adapterFor(ref.platform()), config.maxBodyBytes());
            return read instanceof PageRead.Fresh fresh ? fresh.snapshot().components() : List.of();
        } catch (java.util.concurrent.CompletionException e) {
            return List.of();
        }
    }

    /** The page found, and the read that found it (null when nothing was fetched). */
    private record Detected(PageRef ref, PageRead.Fresh read) {
    }

    private Detected probe(URI page) {
        List<Candidate> candidates = StatusPages.detect(page);
        List<CompletableFuture<OutboundResponse>> responses = candidates.stream()
                .map(candidate -> http.send(new OutboundRequest(candidate.fetchUrl(), "GET",
                        Map.of("Accept", StatusPagePoller.ACCEPT), null, config.timeout(), config.maxBodyBytes()))
                        .toCompletableFuture())
                .toList();
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            PageRead read = PageRead.of(candidate.fetchUrl(), responses.get(i).join(), candidate.adapter(), config.maxBodyBytes());
            if (read instanceof PageRead.Fresh fresh) {
                return new Detected(new PageRef(page, candidate.adapter().platform(), candidate.fetchUrl()), fresh);
            }
            String why = read instanceof PageRead.Failed failed ? failed.message() : "answered 304 to a plain GET";
            tried.add(candidate.adapter().platform().code() + " at " + candidate.fetchUrl() + ": " + why);
        }
        throw new ProblemException(422, "unsupported-status-page", "Unsupported status page",
                "No supported status page was found at " + page + ". Tried " + String.join("; ", tried)
                        + ". Supported: Atlassian Statuspage, incident.io, Instatus, Better Stack, Rootly, and RSS/Atom feeds"
                        + " (give the feed URL itself).");
    }
}
