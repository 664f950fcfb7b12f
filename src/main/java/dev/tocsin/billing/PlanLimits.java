package dev.tocsin.billing;

import dev.tocsin.account.Entitlements;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The limits of an account's plan and standing, from configuration; none while billing is off. */
@ApplicationScoped
public class PlanLimits implements Entitlements {

    private final BillingConfig config;
    private final BillingMode mode;
    private final Clock clock;

    PlanLimits(BillingConfig config, BillingMode mode, Clock clock) {
        this.config = config;
        this.mode = mode;
        this.clock = clock;
    }

    @Override
    public Optional<Limits> limits(UUID accountId) {
        if (!mode.enabled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Subscription.<Subscription>findById(accountId)).map(this::of);
    }

    Limits of(Subscription s) {
        Standing standing = Standing.of(s, clock.instant(), config.gracePeriod());
        BillingConfig.Limits plan = of(s.plan);
        return new Limits(s.plan.code(), plan.monitors(), plan.minIntervalSeconds(), Set.copyOf(plan.channelTypes()),
                standing.monitoringAllowed(), standing.why());
    }

    BillingConfig.Limits of(Plan plan) {
        return plan == Plan.PRO ? config.plans().pro() : config.plans().trial();
    }
}
