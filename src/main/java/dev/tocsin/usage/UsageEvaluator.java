package dev.tocsin.usage;

import dev.tocsin.signal.Severity;
import dev.tocsin.signal.Signal;
import dev.tocsin.signal.SignalLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Evaluates usage rules every 10 s, on every node, for the accounts that sent calls recently or have a
 * rule still breached. Each account is claimed {@code FOR UPDATE SKIP LOCKED} for the length of its
 * evaluation, so one node at a time evaluates it. A breach raises a usage signal; the rule holding again
 * over a full window after the breach began clears it.
 */
@ApplicationScoped
public class UsageEvaluator {

    private static final Duration EVERY = Duration.ofSeconds(10);
    /**
     * An account evaluated at least this long ago is due. A little less than the period: a claim made a
     * moment into one tick must not make the account look too recent at the next tick, which would skip
     * it and double the time from a breach to its signal.
     */
    static final Duration DUE_AFTER = EVERY.minusSeconds(1);
    private static final int BATCH = 50;

    private final UsageStore store;
    private final SignalLog signals;
    private final EntityManager em;
    private final Clock clock;

    UsageEvaluator(UsageStore store, SignalLog signals, EntityManager em, Clock clock) {
        this.store = store;
        this.signals = signals;
        this.em = em;
        this.clock = clock;
    }

    @Scheduled(every = "10s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        runOnce(null);
    }

    /** Evaluates the due accounts (one account only, when given); returns how many signals were raised. */
    public int runOnce(UUID onlyAccount) {
        int raised = 0;
        List<UUID> due;
        do {
            due = claim(onlyAccount);
            for (UUID account : due) {
                raised += QuarkusTransaction.requiringNew().call(() -> evaluate(account));
            }
        } while (due.size() == BATCH && onlyAccount == null);
        return raised;
    }

    /** Marks due accounts evaluated now, so that no other node takes them for the next 10 s. */
    @SuppressWarnings("unchecked")
    private List<UUID> claim(UUID onlyAccount) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                with due as (
                    select a.account_id from usage_accounts a
                    where (cast(?1 as uuid) is null or a.account_id = cast(?1 as uuid))
                      and (a.evaluated_at is null or a.evaluated_at <= ?2 or cast(?1 as uuid) is not null)
                      and (a.last_event_at > ?3 or exists (select 1 from usage_rules r where r.account_id = a.account_id and r.breached <> '{}'))
                    order by a.evaluated_at nulls first limit ?4 for update skip locked)
                update usage_accounts u set evaluated_at = ?5 from due where u.account_id = due.account_id
                returning u.account_id""", UUID.class)
                .setParameter(1, onlyAccount).setParameter(2, now.minus(DUE_AFTER)).setParameter(3, now.minus(Duration.ofDays(1)))
                .setParameter(4, BATCH).setParameter(5, now).getResultList());
    }

    private int evaluate(UUID accountId) {
        // Held until this transaction ends: a second node's evaluation of this account waits its turn.
        List<?> locked = em.createNativeQuery("select account_id from usage_accounts where account_id = ?1 for update skip locked")
                .setParameter(1, accountId).getResultList();
        if (locked.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Signal> raised = new ArrayList<>();
        for (UsageRule rule : UsageRule.<UsageRule>list("accountId = ?1 order by createdAt, id", accountId)) {
            raised.addAll(evaluate(rule, now));
        }
        if (!raised.isEmpty()) {
            em.unwrap(Session.class).doWork(c -> signals.append(c, raised));
        }
        return raised.size();
    }

    private List<Signal> evaluate(UsageRule rule, Instant now) {
        RuleKind kind = RuleKind.of(rule.kind).orElseThrow();
        Instant from = kind == RuleKind.SPEND ? now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant()
                : now.minusSeconds(rule.windowSeconds);
        String window = kind == RuleKind.SPEND ? "today" : "in the last " + span(rule.windowSeconds);
        Map<String, UsageMinute> byProvider = new HashMap<>();
        store.sums(rule.accountId, rule.provider, from.truncatedTo(ChronoUnit.MINUTES), now.plusSeconds(60), null).forEach((key, m) -> {
            if (rule.model == null || rule.model.equalsIgnoreCase(key.model())) {
                byProvider.computeIfAbsent(key.provider(), p -> new UsageMinute()).add(m);
            }
        });
        Map<String, String> breached = new HashMap<>(rule.breached);
        List<Signal> out = new ArrayList<>();
        for (String provider : union(byProvider.keySet(), breached.keySet())) {
            UsageMinute w = byProvider.getOrDefault(provider, new UsageMinute());
            String scope = provider + (rule.model == null ? "" : " " + rule.model);
            RuleKind.Check check = kind.check(rule.settings, w, rule.minCalls, scope, window);
            String since = breached.get(provider);
            if (check.breached() && since == null) {
                breached.put(provider, now.toString());
                out.add(signal(rule, provider, check.severity(), check, "Rule \"" + rule.name + "\": " + check.reason(), now));
            } else if (!check.breached() && since != null
                    && !Instant.parse(since).plusSeconds(kind == RuleKind.SPEND ? 0 : rule.windowSeconds).isAfter(now)) {
                breached.remove(provider);
                out.add(signal(rule, provider, Severity.OK, check, "Rule \"" + rule.name + "\" holds again: " + check.reason(), now));
            }
        }
        if (!breached.equals(rule.breached)) {
            rule.breached = breached;
        }
        return out;
    }

    private static Signal signal(UsageRule rule, String provider, Severity severity, RuleKind.Check check, String reason, Instant now) {
        String remedy = severity == Severity.OK ? null : switch (check.cause()) {
            case "rate_limited" -> "Your traffic is hitting the provider's rate limit: slow down, spread calls, or raise your tier.";
            case "slow" -> "Calls are slower than your rule allows: check the provider's status, or fall back to another model.";
            case "spend" -> "Check what drives the spend (model, prompt size, a loop) and your budget.";
            default -> "Your own calls are failing: check the provider's status and your fallbacks.";
        };
        return new Signal(UUID.randomUUID(), rule.accountId, Signal.usageSubjectId(rule.accountId, provider), Signal.Source.USAGE,
                severity, check.cause(), reason.length() > 1000 ? reason.substring(0, 1000) : reason, remedy, now, provider);
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static String span(int seconds) {
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
