package dev.tocsin.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims due outbox rows for this node, and hands back what it will not send. A claim takes due rows
 * {@code FOR UPDATE SKIP LOCKED}, counts the attempt and pushes the row's next attempt a lease ahead, all
 * in one short transaction, so concurrent claimers on any number of nodes each get different rows.
 */
@ApplicationScoped
class DeliveryClaims {

    private static final String CLAIM = """
            with due as (
                select o.id from outbox o join channels c on c.id = o.channel_id
                where o.status = 'pending' and o.next_attempt_at <= ?
                  and (?::uuid is null or o.account_id = ?::uuid)
                  and (?::boolean is null or (c.type = 'email') = ?::boolean)
                order by o.next_attempt_at limit ? for update of o skip locked)
            update outbox o set attempts = o.attempts + 1, next_attempt_at = ?, lease_until = ?
            from due where o.id = due.id
            returning o.id, o.account_id, o.incident_id, o.channel_id, o.event_type, o.payload::text, o.attempts, o.created_at""";

    // Only rows still carrying the attempt claimed here: one recorded meanwhile, or claimed again, is left alone.
    private static final String HAND_BACK = """
            update outbox o set next_attempt_at = ?, lease_until = null
            from unnest(?::uuid[], ?::integer[]) as h(id, attempt)
            where o.id = h.id and o.attempts = h.attempt and o.status = 'pending'""";

    private final DataSource dataSource;
    private final DeliveryTargets targets;
    private final NotifyConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    DeliveryClaims(DataSource dataSource, DeliveryTargets targets, NotifyConfig config, ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.targets = targets;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Up to {@code limit} due rows of one lane's channels (any, when null), of one account when given. */
    List<Delivery> claim(OutboxDrainer.Lane lane, int limit, UUID onlyAccount) {
        Instant now = clock.instant();
        Instant leaseEnd = now.plus(config.lease());
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setTimestamp(1, Timestamp.from(now));
                claim.setObject(2, onlyAccount);
                claim.setObject(3, onlyAccount);
                Boolean mail = lane == null ? null : lane == OutboxDrainer.Lane.MAIL;
                claim.setObject(4, mail, java.sql.Types.BOOLEAN);
                claim.setObject(5, mail, java.sql.Types.BOOLEAN);
                claim.setInt(6, limit);
                claim.setTimestamp(7, Timestamp.from(leaseEnd));
                claim.setTimestamp(8, Timestamp.from(leaseEnd));
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant()});
                    }
                }
                Map<UUID, Delivery.Target> channels = targets.read(c, rows.stream().map(r -> (UUID) r[3]).distinct().toList());
                List<Delivery> claimed = new ArrayList<>();
                for (Object[] r : rows) {
                    claimed.add(new Delivery((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[4], json.readTree((String) r[5]),
                            (Integer) r[6], (Instant) r[7], channels.get((UUID) r[3]), leaseEnd));
                }
                return claimed;
            }
        });
    }

    /** Puts rows still carrying the attempt claimed here back, due now; returns how many. */
    int handBack(Map<UUID, Integer> unrecorded) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(HAND_BACK)) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setArray(2, c.createArrayOf("uuid", unrecorded.keySet().toArray()));
                update.setArray(3, c.createArrayOf("integer", unrecorded.keySet().stream().map(unrecorded::get).toArray()));
                return update.executeUpdate();
            }
        });
    }
}
