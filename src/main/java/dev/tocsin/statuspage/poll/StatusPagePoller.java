package dev.tocsin.statuspage.poll;

import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.outbound.OutboundRequest;
import dev.tocsin.platform.outbound.OutboundResponse;
import dev.tocsin.signal.Signal;
import dev.tocsin.statuspage.StatusPages;
import dev.tocsin.statuspage.poll.PageClaims.ClaimedPage;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Polls vendors' status pages on every node: claims the due pages, fetches them all at once on the outbound
 * seam's event loops, then records each page in its own transaction on this (worker) thread. With
 * {@code tocsin.status-pages.enabled=false} nothing runs on its own and {@link #runDue} is the way in.
 */
@ApplicationScoped
public class StatusPagePoller {

    private static final Logger LOG = Logger.getLogger(StatusPagePoller.class);
    /** Pages fetched in one pass at most; a node with more due claims again in the same tick. */
    static final int CLAIM_BATCH = 200;
    static final String ACCEPT = "application/json, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5";

    private final PageClaims claims;
    private final PageRecorder recorder;
    private final OutboundHttp http;
    private final StatusPageConfig config;
    private final Clock clock;

    StatusPagePoller(PageClaims claims, PageRecorder recorder, OutboundHttp http, StatusPageConfig config, Clock clock) {
        this.claims = claims;
        this.recorder = recorder;
        this.http = http;
        this.config = config;
        this.clock = clock;
    }

    /** What one pass did: how each claimed page read, and the signals raised. */
    public record Pass(Map<UUID, PageState> pages, List<Signal> signals) {
    }

    void onStart(@Observes StartupEvent event) {
        StatusPageConfig.check(config.pollInterval(), config.timeout());
        if (!config.enabled()) {
            LOG.info("Status-page polling is off on this node (tocsin.status-pages.enabled=false)");
        }
    }

    @Scheduled(every = "5s", delay = 10, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        try {
            while (runDue(null).pages().size() == CLAIM_BATCH) {
                LOG.debug("More status pages due than one batch; claiming again");
            }
        } catch (RuntimeException e) {
            LOG.warnf("Polling status pages failed, retrying at the next tick: %s", e.getMessage());
        }
    }

    /**
     * Claims the pages due now, fetches them and records every read; one page failing in any way never
     * stops the others.
     *
     * @param onlyAccount when not null, only pages that account watches
     */
    public Pass runDue(UUID onlyAccount) {
        Instant now = clock.instant();
        List<ClaimedPage> claimed = claims.claim(now, config.pollInterval(), CLAIM_BATCH, onlyAccount);
        List<CompletableFuture<OutboundResponse>> responses = claimed.stream().map(this::fetch).toList();
        Map<UUID, PageState> states = new LinkedHashMap<>();
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            ClaimedPage page = claimed.get(i);
            try {
                // Parsed here, on the caller's thread: the responses completed on event loops that must not block.
                PageRead read = PageRead.of(page.fetchUrl(), responses.get(i).join(),
                        StatusPages.adapterFor(page.platform()), config.maxBodyBytes());
                signals.addAll(recorder.record(page.id(), read, clock.instant()));
                states.put(page.id(), read instanceof PageRead.Failed failed ? failed.state() : PageState.OK);
            } catch (RuntimeException e) {
                // e.g. a deadlock with a monitor being deleted: the page is read again at its next slot.
                LOG.warnf(e, "Recording status page %s failed; it is read again next interval", page.fetchUrl());
            }
        }
        return new Pass(states, List.copyOf(signals));
    }

    private CompletableFuture<OutboundResponse> fetch(ClaimedPage page) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        if (page.etag() != null) {
            headers.put("If-None-Match", page.etag());
        }
        if (page.lastModified() != null) {
            headers.put("If-Modified-Since", page.lastModified());
        }
        return http.send(new OutboundRequest(page.fetchUrl(), "GET", headers, null, config.timeout(), config.maxBodyBytes()))
                .toCompletableFuture();
    }
}
