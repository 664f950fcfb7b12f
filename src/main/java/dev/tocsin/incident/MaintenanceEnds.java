package dev.tocsin.incident;

import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.signal.SignalLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Hands over what a maintenance window kept quiet. Signals are raised on a change, so a monitor that went
 * down inside a window and is still down when it ends would otherwise never open an incident: when a
 * window ends, the last signal of each condition it suppressed is raised again, if that condition had
 * not cleared by then. Windows are claimed {@code FOR UPDATE SKIP LOCKED} and marked closed in the same
 * transaction, so each end is handled once, on one node.
 */
@ApplicationScoped
public class MaintenanceEnds {

    private static final int BATCH = 100;

    private final EntityManager em;
    private final DataSource dataSource;
    private final SignalLog signals;
    private final Clock clock;

    MaintenanceEnds(EntityManager em, DataSource dataSource, SignalLog signals, Clock clock) {
        this.em = em;
        this.dataSource = dataSource;
        this.signals = signals;
        this.clock = clock;
    }

    @Scheduled(every = "30s", delay = 20, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    /** Handles the windows that have ended and not been handled yet; returns how many signals it raised again. */
    public int runOnce() {
        return runOnce(null);
    }

    /** As {@link #runOnce()}, for one account's windows only when {@code onlyAccount} is not null (tests share a database). */
    public int runOnce(UUID onlyAccount) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<MaintenanceWindow> ended = em.createNativeQuery("select * from maintenance_windows"
                    + " where closed_at is null and ends_at <= ?1 and " + (onlyAccount == null ? "?3 = ''" : "account_id = ?3")
                    + " order by ends_at limit ?2 for update skip locked", MaintenanceWindow.class)
                    .setParameter(1, now).setParameter(2, BATCH).setParameter(3, onlyAccount == null ? "" : onlyAccount)
                    .getResultList();
            List<Signal> again = new ArrayList<>();
            for (MaintenanceWindow w : ended) {
                w.closedAt = now;
                again.addAll(stillFailing(w, now));
            }
            if (!again.isEmpty()) {
                try (Connection c = dataSource.getConnection()) {
                    signals.append(c, again);
                } catch (SQLException e) {
                    throw new IllegalStateException("raising the signals of ended maintenance windows failed", e);
                }
            }
            return again.size();
        });
    }

    /**
     * Ends a window that is being deleted, in the caller's transaction: if it has started and was not
     * handed over yet, what it kept quiet and is still failing is raised again now, as at its end;
     * then the row goes. Deleting a running window must not lose the alert of a monitor still down.
     * The caller holds the window's row lock, so the scheduled hand-over cannot run on it at once.
     */
    void deleteHandingOver(MaintenanceWindow w) {
        Instant now = clock.instant();
        List<Signal> again = List.of();
        if (w.closedAt == null && !w.startsAt.isAfter(now)) {
            if (w.endsAt.isAfter(now)) {
                w.endsAt = now;
            }
            again = stillFailing(w, now);
        }
        w.delete();
        em.flush(); // gone before the signals are folded, so it no longer covers them
        if (!again.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                signals.append(c, again);
            } catch (SQLException e) {
                throw new IllegalStateException("raising the signals of a deleted maintenance window failed", e);
            }
        }
    }

    /** The last signal of each condition inside the window, where that signal said something was wrong. */
    private List<Signal> stillFailing(MaintenanceWindow w, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select distinct on (s.monitor_id, s.source, s.cause)"
                + " s.monitor_id, s.source, s.severity, s.cause, s.reason, s.remedy"
                + " from signals s join monitors m on m.id = s.monitor_id"
                + " where s.account_id = ?1 and s.observed_at >= ?2 and s.observed_at < ?3 and not m.paused and s.source <> 'region' and "
                + w.signalScope()
                + " order by s.monitor_id, s.source, s.cause, s.observed_at desc", Object[].class)
                .setParameter(1, w.accountId).setParameter(2, w.startsAt).setParameter(3, w.endsAt).setParameter(4, w.scopeValue())
                .getResultList();
        List<Signal> again = new ArrayList<>();
        for (Object[] r : rows) {
            Severity severity = Severity.fromCode((String) r[2]);
            if (severity != Severity.OK) {
                again.add(new Signal(UUID.randomUUID(), w.accountId, (UUID) r[0], Signal.Source.valueOf(((String) r[1]).toUpperCase(
                        java.util.Locale.ROOT)), severity, (String) r[3], "Still failing when the maintenance window ended: " + r[4],
                        (String) r[5], now));
            }
        }
        return again;
    }
}
