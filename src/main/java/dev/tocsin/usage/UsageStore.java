package dev.tocsin.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The per-minute rows of the customer's calls: a batch is folded in memory first and upserted as one
 * row per provider, model and minute, adding to what other batches (on any node) already counted.
 */
@ApplicationScoped
class UsageStore {

    private static final String UPSERT = """
            insert into usage_minutes (account_id, provider, model, minute, calls, ok, client_errors, rate_limited, server_errors,
                transport, fallbacks, input_tokens, output_tokens, cost_micro_usd, latency_hist, ttft_hist)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (account_id, provider, model, minute) do update set
                calls = usage_minutes.calls + excluded.calls, ok = usage_minutes.ok + excluded.ok,
                client_errors = usage_minutes.client_errors + excluded.client_errors,
                rate_limited = usage_minutes.rate_limited + excluded.rate_limited,
                server_errors = usage_minutes.server_errors + excluded.server_errors,
                transport = usage_minutes.transport + excluded.transport, fallbacks = usage_minutes.fallbacks + excluded.fallbacks,
                input_tokens = usage_minutes.input_tokens + excluded.input_tokens,
                output_tokens = usage_minutes.output_tokens + excluded.output_tokens,
                cost_micro_usd = usage_minutes.cost_micro_usd + excluded.cost_micro_usd,
                latency_hist = usage_hist_add(usage_minutes.latency_hist, excluded.latency_hist),
                ttft_hist = usage_hist_add(usage_minutes.ttft_hist, excluded.ttft_hist)""";

    private final EntityManager em;

    UsageStore(EntityManager em) {
        this.em = em;
    }

    /** One provider, model and minute. */
    record Key(String provider, String model, Instant minute) {
    }

    /** Folds the calls and adds them to the stored minutes, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void add(UUID accountId, List<UsageCall> calls, Prices.Book prices, Instant now) {
        Map<Key, UsageMinute> folded = new LinkedHashMap<>();
        for (UsageCall call : calls) {
            Key key = new Key(call.provider(), call.model(), call.at().truncatedTo(ChronoUnit.MINUTES));
            folded.computeIfAbsent(key, k -> new UsageMinute()).add(call, prices.of(call.provider(), call.model()).orElse(Prices.Price.FREE));
        }
        // Rows in key order, so two batches of one account never lock the same rows in opposite orders.
        List<Map.Entry<Key, UsageMinute>> rows = new ArrayList<>(folded.entrySet());
        rows.sort(Map.Entry.comparingByKey(java.util.Comparator.comparing(Key::provider).thenComparing(Key::model).thenComparing(Key::minute)));
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (Map.Entry<Key, UsageMinute> row : rows) {
                    UsageMinute m = row.getValue();
                    upsert.setObject(1, accountId);
                    upsert.setString(2, row.getKey().provider());
                    upsert.setString(3, row.getKey().model());
                    upsert.setTimestamp(4, Timestamp.from(row.getKey().minute()));
                    long[] counts = {m.calls, m.ok, m.clientErrors, m.rateLimited, m.serverErrors, m.transport, m.fallbacks,
                        m.inputTokens, m.outputTokens, m.costMicroUsd};
                    for (int i = 0; i < counts.length; i++) {
                        upsert.setLong(5 + i, counts[i]);
                    }
                    upsert.setArray(15, ints(c, m.latency));
                    upsert.setArray(16, ints(c, m.ttft));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            try (PreparedStatement seen = c.prepareStatement("""
                    insert into usage_accounts (account_id, last_event_at) values (?, ?)
                    on conflict (account_id) do update set last_event_at = greatest(usage_accounts.last_event_at, excluded.last_event_at)""")) {
                seen.setObject(1, accountId);
                seen.setTimestamp(2, Timestamp.from(now));
                seen.executeUpdate();
            }
        });
    }

    /**
     * The sums per provider and model over [from, to), in buckets of {@code step} aligned on {@code from}
     * (one bucket when step is null); provider null for all.
     */
    Map<Key, UsageMinute> sums(UUID accountId, String provider, Instant from, Instant to, Duration step) {
        Map<Key, UsageMinute> out = new LinkedHashMap<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    select provider, model, date_bin(make_interval(secs => ?), minute, ?) as bucket,
                           sum(calls), sum(ok), sum(client_errors), sum(rate_limited), sum(server_errors), sum(transport), sum(fallbacks),
                           sum(input_tokens), sum(output_tokens), sum(cost_micro_usd), usage_hist_sum(latency_hist), usage_hist_sum(ttft_hist)
                    from (select * from usage_minutes where account_id = ? and minute >= ? and minute < ?
                          union all
                          select * from usage_hours where account_id = ? and hour >= ? and hour < ?) u
                    where (cast(? as text) is null or provider = ?)
                    group by provider, model, bucket order by provider, model, bucket""")) {
                q.setDouble(1, step == null ? Duration.between(from, to).toSeconds() + 60 : step.toSeconds());
                q.setTimestamp(2, Timestamp.from(from));
                q.setObject(3, accountId);
                q.setTimestamp(4, Timestamp.from(from));
                q.setTimestamp(5, Timestamp.from(to));
                q.setObject(6, accountId);
                q.setTimestamp(7, Timestamp.from(from));
                q.setTimestamp(8, Timestamp.from(to));
                q.setString(9, provider);
                q.setString(10, provider);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        UsageMinute m = new UsageMinute();
                        m.calls = rs.getLong(4);
                        m.ok = rs.getLong(5);
                        m.clientErrors = rs.getLong(6);
                        m.rateLimited = rs.getLong(7);
                        m.serverErrors = rs.getLong(8);
                        m.transport = rs.getLong(9);
                        m.fallbacks = rs.getLong(10);
                        m.inputTokens = rs.getLong(11);
                        m.outputTokens = rs.getLong(12);
                        m.costMicroUsd = rs.getLong(13);
                        m.latency = longs(rs.getArray(14));
                        m.ttft = longs(rs.getArray(15));
                        out.put(new Key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), m);
                    }
                }
            }
        });
        return out;
    }

    private static Array ints(Connection c, long[] counts) throws SQLException {
        Long[] boxed = new Long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            boxed[i] = counts[i];
        }
        return c.createArrayOf("bigint", boxed);
    }

    private static long[] longs(Array array) throws SQLException {
        long[] out = UsageHistogram.empty();
        if (array == null) {
            return out;
        }
        Long[] values = (Long[]) array.getArray();
        for (int i = 0; i < Math.min(values.length, out.length); i++) {
            out[i] = values[i] == null ? 0 : values[i];
        }
        return out;
    }
}
