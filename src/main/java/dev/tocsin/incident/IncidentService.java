package dev.tocsin.incident;

import dev.tocsin.incident.IncidentPolicy.Decision;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.notify.OutboxWriter;
import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.signal.SignalLog.SignalsRaised;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Folds signals into incidents, in the transaction that raised them. Each signal's key is locked with a
 * transaction-scoped advisory lock before its incidents are read, so nodes handling signals of the same
 * key at the same instant take turns; the partial unique index on open incidents is the last word.
 * Keys are locked in sorted order, after the monitor rows the probe recorder holds, so two
 * transactions never wait on each other in a circle.
 */
@ApplicationScoped
public class IncidentService {

    private final EntityManager em;
    private final MaintenanceWindows windows;
    private final OutboxWriter outbox;
    private final AlertData alerts;
    private final IncidentNames names;
    private final IncidentConfig config;

    IncidentService(EntityManager em, MaintenanceWindows windows, OutboxWriter outbox, AlertData alerts, IncidentNames names,
                    IncidentConfig config) {
        this.em = em;
        this.windows = windows;
        this.outbox = outbox;
        this.alerts = alerts;
        this.names = names;
        this.config = config;
    }

    void onSignals(@Observes SignalsRaised raised) {
        apply(raised.signals());
    }

    /** A signal with what its monitor adds to it: the key, and how to title an incident. */
    private record Keyed(Signal signal, String key, Monitor monitor) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<Signal> signals) {
        List<Keyed> keyed = new ArrayList<>();
        for (Signal signal : signals) {
            if (signal.source() == Signal.Source.REGION) {
                noteOnTimeline(signal);
                continue;
            }
            Monitor monitor = signal.aboutUsage() ? names.usageSubject(signal) : Monitor.findById(signal.monitorId());
            if (monitor == null) {
                continue;
            }
            String key = CauseGroup.key(monitor.id, monitor.provider, signal.cause());
            keyed.add(new Keyed(signal, key, monitor));
            for (String other : alsoCleared(signal, key)) {
                keyed.add(new Keyed(signal, other, monitor));
            }
        }
        keyed.sort(Comparator.comparing((Keyed k) -> k.signal().accountId()).thenComparing(Keyed::key));
        for (Keyed k : keyed) {
            lockKey(k.signal().accountId(), k.key());
            handle(k);
        }
    }

    /**
     * A probe's "up again" means every probe condition of that monitor has cleared, not only the one it
     * names: a monitor that went degraded (slow), then down with another cause (a revoked key), comes back
     * with one OK for the last cause, and the degraded incident must not stay open for ever.
     */
    private List<String> alsoCleared(Signal signal, String key) {
        if (!isProbeRecovery(signal)) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> keys = em.createNativeQuery("""
                select distinct dedup_key from incidents
                where account_id = ?1 and state <> 'resolved' and ?2 = any(affected_ids) and dedup_key <> ?3""", String.class)
                .setParameter(1, signal.accountId()).setParameter(2, signal.monitorId()).setParameter(3, key).getResultList();
        return keys;
    }

    /** A probe confirming its monitor up again (not the end of flapping, which has its own OK). */
    private static boolean isProbeRecovery(Signal signal) {
        return signal.source() == Signal.Source.PROBE && signal.severity() == Severity.OK
                && !Signal.FLAPPING.equals(signal.cause());
    }

    /**
     * Whether the probe engine still counts the monitor as flapping. Its incident then stays open after
     * the monitor answers again, and resolves with the end of flapping: a full window without failures.
     */
    private boolean stillFlapping(UUID monitorId) {
        return (Boolean) em.createNativeQuery("select flapping from monitors where id = ?1")
                .setParameter(1, monitorId).getSingleResult();
    }

    /**
     * One region's view below the quorum opens nothing and tells nobody: it goes on the timeline of the
     * monitor's open incidents, if any (the signal log and the monitor's regions keep it either way). Only
     * rows are added, so no key lock is needed.
     */
    private void noteOnTimeline(Signal s) {
        @SuppressWarnings("unchecked")
        List<UUID> open = em.createNativeQuery("""
                select id from incidents where account_id = ?1 and state <> 'resolved' and ?2 = any(monitor_ids)""", UUID.class)
                .setParameter(1, s.accountId()).setParameter(2, s.monitorId()).getResultList();
        for (UUID incident : open) {
            IncidentEvent.of(incident, s.observedAt(), "region", s.monitorId(), s.severity().code(), s.cause(), s.reason()).persist();
        }
    }

    /** Serializes every writer of one account's key, on any node, until the transaction ends. */
    void lockKey(UUID accountId, String key) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, accountId + "|" + key).getSingleResult();
    }

    private void handle(Keyed k) {
        Signal s = k.signal();
        Instant now = s.observedAt();
        boolean fromVendor = s.source() == Signal.Source.STATUSPAGE;
        Optional<Incident> open = Incident.<Incident>find("accountId = ?1 and dedupKey = ?2 and state <> 'resolved'",
                s.accountId(), k.key()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        if (open.isPresent() && isProbeRecovery(s) && open.get().affectedIds.contains(s.monitorId()) && stillFlapping(s.monitorId())) {
            event(open.get(), now, "recovered", k, s.reason() + "; still flapping, so the incident stays open until a full flap"
                    + " window passes without failures");
            return;
        }
        Optional<Incident> recent = open.isPresent() ? Optional.empty()
                : Incident.<Incident>find("accountId = ?1 and dedupKey = ?2 and state = 'resolved' order by resolvedAt desc",
                s.accountId(), k.key()).firstResultOptional();
        boolean inMaintenance = s.severity() != Severity.OK
                && windows.covers(s.accountId(), s.monitorId(), k.monitor().provider, now);
        Decision decision = IncidentPolicy.decide(
                open.map(i -> new IncidentPolicy.Open(i.id, Severity.fromCode(i.severity), i.affectedIds.size(),
                        i.affectedIds.contains(s.monitorId()), i.vendorOpen)),
                recent.map(i -> new IncidentPolicy.Recent(i.id, i.resolvedAt, i.alertedAt)),
                s.severity(), fromVendor, inMaintenance, config.flapWindow(), now);
        Incident incident = switch (decision.action()) {
            case OPEN -> {
                Incident created = opened(k, now);
                if (created == null) {
                    handle(k); // another transaction opened this key first: decide again, now seeing it
                }
                yield created;
            }
            case REOPEN -> reopened(recent.get(), k, now);
            case FOLD, RAISE -> folded(open.get(), k, now, decision.action() == IncidentPolicy.Action.RAISE);
            case CLEAR_PART -> cleared(open.get(), k, now, false);
            case RESOLVE -> cleared(open.get(), k, now, true);
            case SUPPRESS -> {
                open.ifPresent(i -> event(i, now, "suppressed", k, "In a maintenance window: " + s.reason()));
                yield null;
            }
            case IGNORE -> null;
        };
        if (incident != null && decision.alert().isPresent()) {
            if (decision.alert().get().equals("incident.opened")) {
                incident.alertedAt = now;
            }
            outbox.enqueue(alerts.next(incident), decision.alert().get());
        }
    }

    /**
     * Inserts the incident unless the partial unique index already holds an open one for its key: the
     * database, not the lock above, is the last word on "one open incident per key". Returns null when
     * another transaction got there first.
     */
    private Incident opened(Keyed k, Instant now) {
        Signal s = k.signal();
        UUID id = UUID.randomUUID();
        String title = names.title(k.monitor(), s);
        int inserted = em.createNativeQuery("""
                insert into incidents (id, account_id, dedup_key, title, cause, reason, severity, state, signal_count,
                    first_seen_at, last_seen_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', 1, ?8, ?8, ?8)
                on conflict (account_id, dedup_key) where state <> 'resolved' do nothing""")
                .setParameter(1, id).setParameter(2, s.accountId()).setParameter(3, k.key()).setParameter(4, title)
                .setParameter(5, s.cause()).setParameter(6, s.reason()).setParameter(7, s.severity().code()).setParameter(8, now)
                .executeUpdate();
        if (inserted == 0) {
            return null;
        }
        // The insert wrote key, title, cause, reason, severity, state, count and times; the rest goes through the entity.
        Incident i = em.find(Incident.class, id);
        i.provider = k.monitor().provider;
        i.monitorIds = s.aboutUsage() ? List.of() : List.of(s.monitorId());
        i.affectedIds = s.source() == Signal.Source.STATUSPAGE ? List.of() : List.of(s.monitorId());
        i.tags = k.monitor().tags;
        i.remedy = s.remedy();
        i.vendorOpen = s.source() == Signal.Source.STATUSPAGE;
        i.vendorIncident = i.vendorOpen ? s.reason() : null;
        i.vendorPage = i.vendorOpen ? names.statusPageHost(k.monitor()) : null;
        event(i, now, "opened", k, s.reason());
        return i;
    }

    private Incident reopened(Incident i, Keyed k, Instant now) {
        i.state = "open";
        i.resolvedAt = null;
        i.resolvedBy = null;
        i.acknowledgedAt = null;
        i.acknowledgedBy = null;
        include(i, k);
        i.signalCount++;
        i.lastSeenAt = now;
        em.flush();
        event(i, now, "reopened", k, "Back within the flap window: " + k.signal().reason());
        return i;
    }

    private Incident folded(Incident i, Keyed k, Instant now, boolean raise) {
        Signal s = k.signal();
        include(i, k);
        i.signalCount++;
        i.lastSeenAt = now.isAfter(i.lastSeenAt) ? now : i.lastSeenAt;
        if (raise) {
            i.severity = s.severity().code();
            i.cause = s.cause();
            i.reason = s.reason();
            i.remedy = s.remedy();
        }
        String kind = raise ? "raised" : s.source() == Signal.Source.STATUSPAGE ? "confirmed" : "signal";
        event(i, now, kind, k, s.reason());
        return i;
    }

    private Incident cleared(Incident i, Keyed k, Instant now, boolean resolve) {
        if (k.signal().source() == Signal.Source.STATUSPAGE) {
            i.vendorOpen = false;
        } else {
            i.affectedIds = i.affectedIds.stream().filter(id -> !id.equals(k.signal().monitorId())).toList();
        }
        event(i, now, "recovered", k, k.signal().reason());
        if (resolve) {
            i.state = "resolved";
            i.resolvedAt = now;
            i.resolvedBy = "auto";
            event(i, now, "resolved", k, "Resolved: nothing fails any more");
        }
        return i;
    }

    /** Adds the signal's monitor (or the vendor's confirmation) to the incident. */
    private void include(Incident i, Keyed k) {
        Signal s = k.signal();
        if (!s.aboutUsage() && !i.monitorIds.contains(s.monitorId())) {
            i.monitorIds = append(i.monitorIds, s.monitorId());
            Set<String> tags = new LinkedHashSet<>(i.tags);
            tags.addAll(k.monitor().tags);
            i.tags = List.copyOf(tags);
        }
        if (s.source() == Signal.Source.STATUSPAGE) {
            i.vendorOpen = true;
            i.vendorIncident = s.reason();
            i.vendorPage = names.statusPageHost(k.monitor());
        } else if (!i.affectedIds.contains(s.monitorId())) {
            i.affectedIds = append(i.affectedIds, s.monitorId());
        }
    }

    void event(Incident i, Instant at, String kind, Keyed k, String detail) {
        IncidentEvent.of(i.id, at, kind, k == null ? null : k.signal().monitorId(), k == null ? null : k.signal().severity().code(),
                k == null ? null : k.signal().cause(), detail).persist();
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
