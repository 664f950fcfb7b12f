package dev.tocsin.usage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps usage small: minute rows older than {@code tocsin.usage.minute-retention} are folded into hourly
 * rows and deleted in the same statement, and hourly rows go after {@code tocsin.usage.hour-retention}.
 * One node at a time (a transaction-scoped advisory lock); an hour at most per statement, so no
 * transaction grows with the backlog.
 */
@ApplicationScoped
public class UsageHousekeeping {

    private static final String SUMS = """
            sum(calls), sum(ok), sum(client_errors), sum(rate_limited), sum(server_errors), sum(transport), sum(fallbacks),
            sum(input_tokens), sum(output_tokens), sum(cost_micro_usd), usage_hist_sum(latency_hist), usage_hist_sum(ttft_hist)""";
    private static final String ADD = """
            calls = usage_hours.calls + excluded.calls, ok = usage_hours.ok + excluded.ok,
            client_errors = usage_hours.client_errors + excluded.client_errors, rate_limited = usage_hours.rate_limited + excluded.rate_limited,
            server_errors = usage_hours.server_errors + excluded.server_errors, transport = usage_hours.transport + excluded.transport,
            fallbacks = usage_hours.fallbacks + excluded.fallbacks, input_tokens = usage_hours.input_tokens + excluded.input_tokens,
            output_tokens = usage_hours.output_tokens + excluded.output_tokens, cost_micro_usd = usage_hours.cost_micro_usd + excluded.cost_micro_usd,
            latency_hist = usage_hist_add(usage_hours.latency_hist, excluded.latency_hist),
            ttft_hist = usage_hist_add(usage_hours.ttft_hist, excluded.ttft_hist)""";

    private final EntityManager em;
    private final Clock clock;
    private final Duration minuteRetention;
    private final Duration hourRetention;

    UsageHousekeeping(EntityManager em, Clock clock,
                      @ConfigProperty(name = "tocsin.usage.minute-retention", defaultValue = "P30D") Duration minuteRetention,
                      @ConfigProperty(name = "tocsin.usage.hour-retention", defaultValue = "P365D") Duration hourRetention) {
        this.em = em;
        this.clock = clock;
        this.minuteRetention = minuteRetention;
        this.hourRetention = hourRetention;
    }

    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        runOnce();
    }

    /** Folds and deletes what is past retention; returns the minute rows folded. */
    public int runOnce() {
        Instant cutoff = clock.instant().minus(minuteRetention).truncatedTo(ChronoUnit.HOURS);
        int folded = 0;
        for (int hours = 0; hours < 48; hours++) {
            Integer moved = QuarkusTransaction.requiringNew().call(() -> {
                if (!(Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('tocsin.usage-housekeeping'))").getSingleResult()) {
                    return -1;
                }
                Object oldest = em.createNativeQuery("select extract(epoch from min(minute)) from usage_minutes where minute < ?1")
                        .setParameter(1, cutoff).getSingleResult();
                if (oldest == null) {
                    return -1;
                }
                Instant hourStart = Instant.ofEpochSecond(((Number) oldest).longValue()).truncatedTo(ChronoUnit.HOURS);
                return em.createNativeQuery("""
                        with moved as (delete from usage_minutes where minute >= ?1 and minute < ?2 returning *),
                        folded as (insert into usage_hours select account_id, provider, model, date_trunc('hour', minute), %s
                                   from moved group by account_id, provider, model, date_trunc('hour', minute)
                                   on conflict (account_id, provider, model, hour) do update set %s)
                        select count(*) from moved""".formatted(SUMS, ADD))
                        .setParameter(1, hourStart).setParameter(2, hourStart.plus(1, ChronoUnit.HOURS))
                        .getSingleResult() instanceof Number n ? n.intValue() : 0;
            });
            if (moved < 0) {
                break;
            }
            folded += moved;
        }
        Instant hourCutoff = clock.instant().minus(hourRetention);
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from usage_hours where hour < ?1").setParameter(1, hourCutoff).executeUpdate());
        return folded;
    }
}
