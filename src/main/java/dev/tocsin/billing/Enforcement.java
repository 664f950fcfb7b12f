package dev.tocsin.billing;

import dev.tocsin.account.Entitlements;
import dev.tocsin.monitor.Monitors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Puts an account's monitors in line with its subscription, in the transaction that changed it. */
@ApplicationScoped
class Enforcement {

    private static final Logger LOG = Logger.getLogger(Enforcement.class);

    private final Monitors monitors;
    private final PlanLimits limits;

    Enforcement(Monitors monitors, PlanLimits limits) {
        this.monitors = monitors;
        this.limits = limits;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Monitors.Enforced apply(Subscription s) {
        Entitlements.Limits l = limits.of(s);
        Monitors.Enforced done = monitors.enforce(s.accountId, l.monitoringAllowed(), l.monitors());
        if (done.paused() > 0 || done.resumed() > 0) {
            LOG.infof("Account %s (%s, %s): billing paused %d and resumed %d monitors", s.accountId, s.plan.code(), s.state.code(),
                    done.paused(), done.resumed());
        }
        return done;
    }
}
