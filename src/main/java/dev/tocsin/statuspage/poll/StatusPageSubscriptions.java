package dev.tocsin.statuspage.poll;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.catalog.StatusPageRef;
import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorChanged;
import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.statuspage.StatusPages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each monitor subscribed to the page it watches, in the transaction that changed the monitor:
 * provider monitors to their catalog provider's page, statuspage monitors to the page last detected for
 * their URL. Subscribing never pulls a page's next poll forward, so however many accounts join, a page is
 * fetched once per interval; a statuspage monitor instead catches up at once with the page as last read,
 * so it never waits for that poll to show a status. A deleted monitor's subscription goes with it (on
 * delete cascade).
 */
@ApplicationScoped
public class StatusPageSubscriptions {

    private final EntityManager em;
    private final Catalog catalog;
    private final PageRecorder recorder;
    private final Clock clock;

    StatusPageSubscriptions(EntityManager em, Catalog catalog, PageRecorder recorder, Clock clock) {
        this.em = em;
        this.catalog = catalog;
        this.recorder = recorder;
        this.clock = clock;
    }

    void onChange(@Observes MonitorChanged change) {
        if (change.deleted()) {
            return;
        }
        Monitor monitor = change.monitor();
        Optional<UUID> page = switch (monitor.type) {
            case PROVIDER -> catalog.find(monitor.provider).map(Provider::statusPage).map(ref -> register(fromCatalog(ref), false));
            case STATUSPAGE -> Optional.of(pageFor(monitor.url));
            case HTTP -> Optional.empty();
        };
        em.flush();
        if (page.isEmpty()) {
            em.createNativeQuery("delete from status_page_subscriptions where monitor_id = ?1")
                    .setParameter(1, monitor.id).executeUpdate();
            return;
        }
        // A paused monitor, or one moved to another page, reads its next page as a first read.
        em.createNativeQuery("""
                insert into status_page_subscriptions (monitor_id, page_id, synced) values (?1, ?2, false)
                on conflict (monitor_id) do update set page_id = excluded.page_id, synced = false
                where status_page_subscriptions.page_id <> excluded.page_id or ?3""")
                .setParameter(1, monitor.id).setParameter(2, page.get()).setParameter(3, monitor.paused).executeUpdate();
        em.createNativeQuery("update status_pages set next_poll_at = coalesce(next_poll_at, ?2) where id = ?1")
                .setParameter(1, page.get()).setParameter(2, clock.instant()).executeUpdate();
        if (monitor.type == MonitorType.STATUSPAGE && !monitor.paused) {
            recorder.catchUp(page.get(), monitor.id, clock.instant());
            // The entity must say what the row now says: it is what the API answers, and what Hibernate writes back.
            Object[] row = (Object[]) em.createNativeQuery("select status, last_checked_at from monitors where id = ?1")
                    .setParameter(1, monitor.id).getSingleResult();
            monitor.status = MonitorStatus.valueOf(((String) row[0]).toUpperCase(Locale.ROOT));
            monitor.lastCheckedAt = instant(row[1]);
        }
    }

    /** Polls the page one interval after a read made outside the poller, as detection's, instead of right away. */
    void pollNextAfter(UUID pageId, Instant next) {
        em.createNativeQuery("update status_pages set next_poll_at = coalesce(next_poll_at, ?2) where id = ?1")
                .setParameter(1, pageId).setParameter(2, next).executeUpdate();
    }

    /**
     * The page row for {@code ref}, created if new. {@code detected} marks its platform as the one last
     * detected for the URL, which statuspage monitors of that URL then subscribe to.
     */
    UUID register(PageRef ref, boolean detected) {
        Instant now = clock.instant();
        em.createNativeQuery("""
                insert into status_pages (id, url, platform, fetch_url, created_at) values (?1, ?2, ?3, ?4, ?5)
                on conflict (url, platform, fetch_url) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, ref.url().toString()).setParameter(3, ref.platform().code())
                .setParameter(4, ref.fetchUrl().toString()).setParameter(5, now).executeUpdate();
        UUID id = (UUID) em.createNativeQuery("select id from status_pages where url = ?1 and platform = ?2 and fetch_url = ?3",
                        UUID.class)
                .setParameter(1, ref.url().toString()).setParameter(2, ref.platform().code())
                .setParameter(3, ref.fetchUrl().toString()).getSingleResult();
        if (detected) {
            em.createNativeQuery("update status_pages set detected_at = ?2 where id = ?1")
                    .setParameter(1, id).setParameter(2, now).executeUpdate();
        }
        return id;
    }

    /**
     * A page whose platform needs no detection: a catalog provider's page, or the one last detected for the
     * URL (with {@code stillReadable}, only if it did not turn unreadable since). Empty: detect it.
     */
    Optional<PageRef> known(URI normalizedUrl, boolean stillReadable) {
        for (Provider provider : catalog.all()) {
            StatusPageRef ref = provider.statusPage();
            if (ref != null && PageUrls.normalize(ref.url().toString()).filter(normalizedUrl::equals).isPresent()) {
                return Optional.of(fromCatalog(ref));
            }
        }
        List<?> rows = em.createNativeQuery("""
                select platform, fetch_url from status_pages where url = ?1 and (state <> 'unreadable' or not ?2)
                order by detected_at desc nulls last, created_at desc limit 1""")
                .setParameter(1, normalizedUrl.toString()).setParameter(2, stillReadable).getResultList();
        return rows.stream().map(row -> (Object[]) row).findFirst().map(row -> new PageRef(normalizedUrl,
                StatusPlatform.fromCode((String) row[0]).orElseThrow(), URI.create((String) row[1])));
    }

    /** The pages the account's monitors watch, with their condition, by monitor id. */
    public Map<UUID, PageView> views(UUID accountId, List<UUID> monitorIds) {
        Map<UUID, PageView> views = new HashMap<>();
        if (monitorIds.isEmpty()) {
            return views;
        }
        List<?> rows = em.createNativeQuery("""
                select s.monitor_id, p.url, p.platform, p.fetch_url, p.state, p.last_error, p.consecutive_failures,
                       p.last_fetched_at, p.last_ok_at
                from status_page_subscriptions s join monitors m on m.id = s.monitor_id join status_pages p on p.id = s.page_id
                where m.account_id = ?1 and s.monitor_id = any(?2)""")
                .setParameter(1, accountId).setParameter(2, monitorIds.toArray(UUID[]::new)).getResultList();
        for (Object item : rows) {
            Object[] row = (Object[]) item;
            views.put((UUID) row[0], new PageView(URI.create((String) row[1]), StatusPlatform.fromCode((String) row[2]).orElseThrow(),
                    URI.create((String) row[3]), PageState.fromCode((String) row[4]), (String) row[5],
                    ((Number) row[6]).intValue(), instant(row[7]), instant(row[8])));
        }
        return views;
    }

    /** What the page a monitor of the account watches said at its last read; empty before the first read. */
    public Optional<dev.tocsin.statuspage.StatusSnapshot> snapshot(UUID accountId, UUID monitorId) {
        List<?> rows = em.createNativeQuery("""
                select cast(p.snapshot as text) from status_page_subscriptions s join monitors m on m.id = s.monitor_id
                join status_pages p on p.id = s.page_id
                where m.account_id = ?1 and s.monitor_id = ?2 and p.snapshot is not null""")
                .setParameter(1, accountId).setParameter(2, monitorId).getResultList();
        return rows.stream().findFirst().map(json -> SnapshotJson.read((String) json));
    }

    private UUID pageFor(String url) {
        URI normalized = PageUrls.normalize(url).orElseThrow(() -> ProblemException.invalid("url", "must be an http(s) URL"));
        return known(normalized, false).map(ref -> register(ref, false)).orElseThrow(() -> new ProblemException(422,
                "statuspage-unknown", "Unknown status page", "The platform of " + normalized
                + " has not been detected; create or change the monitor through the API, which detects it."));
    }

    private static PageRef fromCatalog(StatusPageRef ref) {
        URI url = PageUrls.normalize(ref.url().toString()).orElse(ref.url());
        return new PageRef(url, ref.platform(), StatusPages.adapterFor(ref.platform()).fetchUrl(ref.url()));
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
