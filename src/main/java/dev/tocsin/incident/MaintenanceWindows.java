package dev.tocsin.incident;

import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.Problem.FieldError;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Maintenance windows of an account: created by hand or imported from a vendor's status page. */
@ApplicationScoped
public class MaintenanceWindows {

    /** Longest window accepted: a forgotten window must not silence a monitor for ever. */
    static final Duration MAX_LENGTH = Duration.ofDays(31);

    private final Monitors monitors;
    private final EntityManager em;
    private final Clock clock;
    private final MaintenanceEnds ends;

    MaintenanceWindows(Monitors monitors, EntityManager em, Clock clock, MaintenanceEnds ends) {
        this.monitors = monitors;
        this.em = em;
        this.clock = clock;
        this.ends = ends;
    }

    /** A window as a client asks for it; null monitor and provider cover every monitor. */
    public record Draft(UUID monitorId, String provider, Instant startsAt, Instant endsAt, String reason) {
    }

    @Transactional
    public MaintenanceWindow create(UUID accountId, Draft draft) {
        validate(accountId, draft);
        MaintenanceWindow w = new MaintenanceWindow();
        w.id = UUID.randomUUID();
        w.accountId = accountId;
        w.source = "api";
        w.createdAt = clock.instant();
        apply(w, draft);
        w.persist();
        return w;
    }

    /**
     * Replaces a window made by a person (a status page's imported window is the vendor's and is not
     * edited here). A window already ended and handed over stays as it was.
     */
    @Transactional
    public MaintenanceWindow update(UUID accountId, UUID id, Draft draft) {
        MaintenanceWindow w = find(accountId, id).orElseThrow(() -> ProblemException.notFound("No maintenance window " + id + "."));
        if (!"api".equals(w.source)) {
            throw new ProblemException(409, "imported-window", "Imported window", "This window comes from the vendor's status page and follows it.");
        }
        if (w.closedAt != null) {
            throw new ProblemException(409, "ended-window", "Window ended", "This window has ended; add a new one.");
        }
        validate(accountId, draft);
        apply(w, draft);
        return w;
    }

    private void apply(MaintenanceWindow w, Draft draft) {
        w.monitorId = draft.monitorId();
        w.provider = draft.provider();
        w.startsAt = draft.startsAt();
        w.endsAt = draft.endsAt();
        w.reason = draft.reason() == null ? "Planned maintenance" : draft.reason().strip();
    }

    private void validate(UUID accountId, Draft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.startsAt() == null) {
            errors.add(new FieldError("startsAt", "is required"));
        }
        if (draft.endsAt() == null) {
            errors.add(new FieldError("endsAt", "is required"));
        } else if (draft.startsAt() != null && !draft.endsAt().isAfter(draft.startsAt())) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        } else if (draft.startsAt() != null && Duration.between(draft.startsAt(), draft.endsAt()).compareTo(MAX_LENGTH) > 0) {
            errors.add(new FieldError("endsAt", "must be at most 31 days after startsAt"));
        } else if (!draft.endsAt().isAfter(clock.instant())) {
            errors.add(new FieldError("endsAt", "must be in the future"));
        }
        if (draft.reason() != null && (draft.reason().isBlank() || draft.reason().length() > 500)) {
            errors.add(new FieldError("reason", "must be 1 to 500 characters"));
        }
        if (draft.monitorId() != null && draft.provider() != null) {
            errors.add(new FieldError("provider", "give either monitorId or provider, not both"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        if (draft.monitorId() != null && monitors.find(accountId, draft.monitorId()).isEmpty()) {
            throw ProblemException.invalid("monitorId", "is not a monitor of this account");
        }
    }

    public List<MaintenanceWindow> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((q, p) -> MaintenanceWindow.find(q, p), accountId, after, limit);
    }

    /** Deletes a window; one that is running ends now and hands over what it kept quiet ({@link MaintenanceEnds}). */
    @Transactional
    public void delete(UUID accountId, UUID id) {
        MaintenanceWindow w = MaintenanceWindow.<MaintenanceWindow>findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .filter(found -> found.accountId.equals(accountId))
                .orElseThrow(() -> ProblemException.notFound("No maintenance window " + id + "."));
        ends.deleteHandingOver(w);
    }

    public Optional<MaintenanceWindow> find(UUID accountId, UUID id) {
        return MaintenanceWindow.find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    /** A signal that a window kept quiet: it opened nothing and notified nobody, but it happened. */
    public record Suppressed(UUID monitorId, String source, String severity, String cause, String reason, Instant observedAt) {
    }

    /** The newest {@code limit} signals of something wrong that fell inside the window, newest first. */
    public List<Suppressed> suppressed(MaintenanceWindow w, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select s.monitor_id, s.source, s.severity, s.cause, s.reason, s.observed_at"
                + " from signals s join monitors m on m.id = s.monitor_id"
                + " where s.account_id = ?1 and s.observed_at >= ?2 and s.observed_at < ?3 and s.severity <> 'ok' and s.source <> 'region' and "
                + w.signalScope() + " order by s.observed_at desc, s.id limit ?5", Object[].class)
                .setParameter(1, w.accountId).setParameter(2, w.startsAt).setParameter(3, w.endsAt)
                .setParameter(4, w.scopeValue()).setParameter(5, limit).getResultList();
        return rows.stream().map(r -> new Suppressed((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (Instant) r[5])).toList();
    }

    /** Whether a signal of this monitor at this time falls inside a window. */
    public boolean covers(UUID accountId, UUID monitorId, String provider, Instant at) {
        return MaintenanceWindow.count("""
                accountId = ?1 and startsAt <= ?4 and endsAt > ?4
                and (monitorId = ?2 or (monitorId is null and provider is null) or (provider is not null and provider = ?3))""",
                accountId, monitorId, provider == null ? "" : provider, at) > 0;
    }
}
