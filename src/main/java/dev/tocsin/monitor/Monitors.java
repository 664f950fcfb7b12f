package dev.tocsin.monitor;

import dev.tocsin.account.Account;
import dev.tocsin.account.Entitlements;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.platform.security.CredentialCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates, changes and lists an account's monitors. Every finder takes the account id: another
 * account's monitor is "not found". Plan limits ({@link Entitlements}) are checked under a lock on the
 * account row, so two concurrent creations cannot both take the last free slot. Only active monitors
 * count against the limit: lowering a plan pauses the newest instead of deleting anything.
 */
@ApplicationScoped
public class Monitors {

    private final Catalog catalog;
    private final CredentialCipher cipher;
    private final Entitlements entitlements;
    private final Clock clock;
    private final Event<MonitorChanged> changed;

    Monitors(Catalog catalog, CredentialCipher cipher, Entitlements entitlements, Clock clock, Event<MonitorChanged> changed) {
        this.catalog = catalog;
        this.cipher = cipher;
        this.entitlements = entitlements;
        this.clock = clock;
        this.changed = changed;
    }

    @Transactional
    public Monitor create(UUID accountId, MonitorDraft draft) {
        Optional<Entitlements.Limits> limits = entitlements.limits(accountId);
        MonitorDraft resolved = resolve(draft, false, limits);
        Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        if (!resolved.paused()) {
            requireRoomForOneMore(accountId, limits);
        }
        Monitor monitor = new Monitor();
        monitor.id = UUID.randomUUID();
        monitor.accountId = accountId;
        monitor.createdAt = clock.instant();
        apply(monitor, resolved);
        monitor.persist();
        changed.fire(new MonitorChanged(monitor, false));
        return monitor;
    }

    public Optional<Monitor> find(UUID accountId, UUID id) {
        return Monitor.find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    public Monitor get(UUID accountId, UUID id) {
        return find(accountId, id).orElseThrow(() -> ProblemException.notFound("No monitor " + id + "."));
    }

    /** Newest first, after a position when paging. */
    public List<Monitor> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((query, params) -> Monitor.find(query, params), accountId, after, limit);
    }

    public long count(UUID accountId) {
        return Monitor.count("accountId", accountId);
    }

    /** Replaces the monitor's settings with a complete draft (the caller merged the change into it). */
    @Transactional
    public Monitor update(UUID accountId, UUID id, MonitorDraft merged) {
        Monitor monitor = get(accountId, id);
        Optional<Entitlements.Limits> limits = entitlements.limits(accountId);
        MonitorDraft resolved = resolve(merged, monitor.credential != null, limits);
        if (monitor.paused && !resolved.paused()) {
            Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
            requireRoomForOneMore(accountId, limits);
        }
        apply(monitor, resolved);
        changed.fire(new MonitorChanged(monitor, false));
        return monitor;
    }

    @Transactional
    public Monitor clearCredential(UUID accountId, UUID id) {
        Monitor monitor = get(accountId, id);
        if (monitor.type == MonitorType.PROVIDER) {
            throw ProblemException.invalid("credential", "is required for a provider monitor and cannot be removed");
        }
        monitor.credential = null;
        monitor.updatedAt = clock.instant();
        changed.fire(new MonitorChanged(monitor, false));
        return monitor;
    }

    @Transactional
    public void delete(UUID accountId, UUID id) {
        Monitor monitor = get(accountId, id);
        monitor.delete();
        changed.fire(new MonitorChanged(monitor, true));
    }

    /**
     * Pauses or resumes for the user. A user's pause of a monitor billing had paused becomes the user's,
     * so that paying again leaves it paused; a resume must fit the plan.
     */
    @Transactional
    public Monitor setPaused(UUID accountId, UUID id, boolean paused) {
        Monitor monitor = get(accountId, id);
        if (paused) {
            if (!monitor.paused || monitor.pausedBy != PausedBy.USER) {
                pause(monitor, PausedBy.USER);
            }
        } else if (monitor.paused) {
            Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
            requireRoomForOneMore(accountId, entitlements.limits(accountId));
            resume(monitor);
        }
        return monitor;
    }

    /** What billing did to an account's monitors, for its log and the billing page. */
    public record Enforced(int paused, int resumed) {
    }

    /**
     * Brings the account's monitors in line with its standing, in the caller's transaction: when
     * monitoring is not allowed, every active monitor is paused by billing; when it is, the monitors
     * billing or the plan paused resume, oldest first, up to {@code maxActive}, and any active monitor
     * past that limit is paused by the plan, newest first. A user's own pauses are never touched.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Enforced enforce(UUID accountId, boolean allowed, int maxActive) {
        Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        List<Monitor> candidates = Monitor.list("accountId = ?1 and (paused = false or pausedBy in ?2) order by createdAt, id",
                accountId, Set.of(PausedBy.BILLING, PausedBy.PLAN));
        int pausedNow = 0;
        int resumedNow = 0;
        int active = 0;
        for (Monitor m : candidates) {
            if (!allowed) {
                if (!m.paused || m.pausedBy != PausedBy.BILLING) {
                    pausedNow += m.paused ? 0 : 1;
                    pause(m, PausedBy.BILLING);
                }
            } else if (active < maxActive) {
                active++;
                if (m.paused) {
                    resume(m);
                    resumedNow++;
                }
            } else if (!m.paused || m.pausedBy != PausedBy.PLAN) {
                pausedNow += m.paused ? 0 : 1;
                pause(m, PausedBy.PLAN);
            }
        }
        return new Enforced(pausedNow, resumedNow);
    }

    /** The monitors that billing or the plan paused, newest first. */
    public List<Monitor> pausedByBilling(UUID accountId) {
        return Monitor.list("accountId = ?1 and pausedBy in ?2 order by createdAt desc, id desc",
                accountId, Set.of(PausedBy.BILLING, PausedBy.PLAN));
    }

    /** Monitors probing or polling now; the plan's monitor limit counts these. */
    public long countActive(UUID accountId) {
        return Monitor.count("accountId = ?1 and paused = false", accountId);
    }

    private void pause(Monitor monitor, PausedBy by) {
        monitor.paused = true;
        monitor.pausedBy = by;
        monitor.status = MonitorStatus.PAUSED;
        monitor.updatedAt = clock.instant();
        changed.fire(new MonitorChanged(monitor, false));
    }

    private void resume(Monitor monitor) {
        monitor.paused = false;
        monitor.pausedBy = null;
        monitor.status = MonitorStatus.PENDING;
        monitor.updatedAt = clock.instant();
        changed.fire(new MonitorChanged(monitor, false));
    }

    /** Refuses one more active monitor when the account may not monitor, or is at its plan's limit. */
    private void requireRoomForOneMore(UUID accountId, Optional<Entitlements.Limits> limits) {
        if (limits.isEmpty()) {
            return;
        }
        Entitlements.Limits l = limits.get();
        if (!l.monitoringAllowed()) {
            throw new ProblemException(403, "plan-limit", "Monitoring is paused", l.why());
        }
        long active = countActive(accountId);
        if (active >= l.monitors()) {
            throw new ProblemException(403, "plan-limit", "Plan limit reached",
                    "Your plan (" + l.plan() + ") allows " + l.monitors() + " monitors and this account has " + active
                            + " active. Pause or delete a monitor, or raise the limit: " + l.upgradeHint());
        }
    }

    /** The decrypted credential, for the probe engine only: never for a response or a log line. */
    public Optional<String> credential(Monitor monitor) {
        return Optional.ofNullable(monitor.credential).map(c -> cipher.decrypt(c, monitor.id.toString()));
    }

    private MonitorDraft resolve(MonitorDraft draft, boolean hasStoredCredential, Optional<Entitlements.Limits> limits) {
        int planMin = limits.map(Entitlements.Limits::minIntervalSeconds).orElse(MonitorRules.MIN_INTERVAL_SECONDS);
        MonitorRules.Result result = MonitorRules.resolve(draft, catalog::find, hasStoredCredential, planMin);
        if (!result.valid()) {
            String detail = result.errors().stream().map(e -> e.field() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw new ProblemException(400, "validation", "Invalid request", detail, result.errors());
        }
        if (result.monitor().intervalSeconds() < planMin) {
            throw new ProblemException(403, "plan-limit", "Plan limit reached",
                    "intervalSeconds: your plan (" + limits.get().plan() + ") checks at most every " + planMin + " s. Choose "
                            + planMin + " or more, or raise the limit: " + limits.get().upgradeHint(),
                    java.util.List.of(new dev.tocsin.platform.problem.Problem.FieldError("intervalSeconds",
                            "must be at least " + planMin + " on this plan")));
        }
        return result.monitor();
    }

    private void apply(Monitor m, MonitorDraft d) {
        m.name = d.name();
        m.type = d.type();
        m.provider = d.provider();
        m.url = d.url();
        m.method = d.method();
        m.headers = d.headers();
        if (d.credential() != null) {
            m.credential = cipher.encrypt(d.credential(), m.id.toString());
        }
        m.intervalSeconds = d.intervalSeconds();
        m.timeoutMs = d.timeoutMs();
        m.expectStatus = d.expectStatus();
        m.maxLatencyMs = d.maxLatencyMs();
        m.bodyContains = d.bodyContains();
        m.tlsExpiryDays = d.tlsExpiryDays();
        m.failureThreshold = d.failureThreshold();
        m.successThreshold = d.successThreshold();
        m.flapThreshold = d.flapThreshold();
        m.flapWindowSeconds = d.flapWindowSeconds();
        m.components = d.components();
        m.models = d.models();
        m.tags = d.tags();
        if (d.paused() && !m.paused) {
            m.pausedBy = PausedBy.USER;
        } else if (!d.paused()) {
            m.pausedBy = null;
        }
        m.paused = d.paused();
        m.status = m.paused ? MonitorStatus.PAUSED : m.status == null || m.status == MonitorStatus.PAUSED ? MonitorStatus.PENDING : m.status;
        m.updatedAt = clock.instant();
    }
}
