package dev.tocsin.signal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Where signals enter: each is stored, then announced to observers (the incident service) in the same
 * transaction, so a signal and what it causes commit or roll back together.
 */
@ApplicationScoped
public class SignalLog {

    private final Event<SignalsRaised> raised;

    SignalLog(Event<SignalsRaised> raised) {
        this.raised = raised;
    }

    /** Signals raised together in one transaction. */
    public record SignalsRaised(List<Signal> signals) {
    }

    /** Stores the signals on {@code connection}, which must belong to the caller's transaction. */
    public void append(Connection connection, List<Signal> signals) throws SQLException {
        if (signals.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into signals (id, account_id, monitor_id, source, severity, cause, reason, remedy, observed_at, subject)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Signal s : signals) {
                insert.setObject(1, s.id());
                insert.setObject(2, s.accountId());
                // A usage signal's monitor id is a stand-in (see Signal), not a row of monitors.
                insert.setObject(3, s.aboutUsage() ? null : s.monitorId());
                insert.setString(4, s.source().code());
                insert.setString(5, s.severity().code());
                insert.setString(6, s.cause());
                insert.setString(7, s.reason());
                insert.setString(8, s.remedy());
                insert.setTimestamp(9, Timestamp.from(s.observedAt()));
                insert.setString(10, s.subject());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        raised.fire(new SignalsRaised(List.copyOf(signals)));
    }
}
