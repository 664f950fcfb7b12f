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
import java.util.Map;
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
    private final Regions regions;

    Monitors(Catalog catalog, CredentialCipher cipher, Entitlements entitlements, Clock clock, Event<MonitorChanged> changed,
             Regions regions) {
        this.regions = regions;
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

    /**
     * Applies a merge patch: the fields in {@code change} replace the stored ones. A change of where the
     * requests go (scheme, host or port of the URL, the type or the provider) must carry the credential and
     * the headers again, or remove them: otherwise anyone with a write key could send the stored secret
     * to a host of their choosing with the next probe.
     *
     * @param change the fields the client sent; {@code credential} null means "remove it"
     */
    @Transactional
    public Monitor update(UUID accountId, UUID id, MonitorPatch change) {
        Monitor monitor = get(accountId, id);
        MonitorDraft merged = change.mergeInto(MonitorDraft.of(monitor, headers(monitor)));
        boolean clear = change.clearsCredential();
        if (clear && monitor.type == MonitorType.PROVIDER && merged.type() == MonitorType.PROVIDER) {
            throw ProblemException.invalid("credential", "is required for a provider monitor and cannot be removed");
        }
        Optional<Entitlements.Limits> limits = entitlements.limits(accountId);
        MonitorDraft resolved = resolve(merged, monitor.credential != null && !clear, limits);
        if (monitor.paused && !resolved.paused()) {
            Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
            requireRoomForOneMore(accountId, limits);
        }
        if (MonitorPatch.movesRequests(monitor, resolved)) {
            if (monitor.credential != null && !clear && resolved.credential() == null) {
                throw new ProblemException(422, "secret-must-be-resent", "Credential must be given again", "credential: the "
                        + "monitor would now send its requests elsewhere; send the credential again, or null to remove it",
                        List.of(new dev.tocsin.platform.problem.Problem.FieldError("credential",
                                "must be given again (or null to remove it) when the URL's host, the type or the provider changes")));
            }
            if (monitor.sealedHeaders != null && !change.setsHeaders()) {
                throw new ProblemException(422, "secret-must-be-resent", "Headers must be given again", "headers: the "
                        + "monitor would now send its requests elsewhere; send the headers again, or {} to remove them",
                        List.of(new dev.tocsin.platform.problem.Problem.FieldError("headers",
                                "must be given again (or {} to remove them) when the URL's host, the type or the provider changes")));
            }
        }
        if (clear) {
            monitor.credential = null;
        }
        apply(monitor, resolved);
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

    /** The headers in clear, for building a request or merging a change: never for a response or a log line. */
    public Map<String, String> headers(Monitor monitor) {
        return SealedHeaders.open(cipher, monitor.id, monitor.sealedHeaders, monitor.headers);
    }

    /** The decrypted credential, for the probe engine only: never for a response or a log line. */
    public Optional<String> credential(Monitor monitor) {
        return Optional.ofNullable(monitor.credential).map(c -> cipher.decrypt(c, monitor.id.toString()));
    }

    private MonitorDraft resolve(MonitorDraft draft, boolean hasStoredCredential, Optional<Entitlements.Limits> limits) {
        int planMin = limits.map(Entitlements.Limits::minIntervalSeconds).orElse(MonitorRules.MIN_INTERVAL_SECONDS);
        MonitorRules.Result result = MonitorRules.resolve(draft, catalog::find, hasStoredCredential, planMin,
                regions.offeredInOrder());
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
        m.sealedHeaders = SealedHeaders.seal(cipher, m.id, d.headers());
        m.headers = SealedHeaders.masked(d.headers());
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
        m.regions = d.regions();
        m.quorum = d.quorum();
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
