package dev.tocsin.account;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What an account's plan lets it use, asked by every feature where a limit can be crossed (monitors,
 * intervals, channel types). Billing answers it; the features never see plans or Stripe. Empty means
 * no limits at all: billing is off (self-hosted).
 */
public interface Entitlements {

    Optional<Limits> limits(UUID accountId);

    /**
     * @param plan               the plan's code, for messages
     * @param monitoringAllowed  false while the account is expired, canceled, or past due beyond grace:
     *                           monitors cannot be added or resumed then
     * @param why                when monitoring is not allowed, the sentence that says why and what to do
     */
    record Limits(String plan, int monitors, int minIntervalSeconds, Set<String> channelTypes, boolean monitoringAllowed,
                  String why) {

        /** The one message for every limit crossed, naming the limit and how to raise it. */
        public String upgradeHint() {
            return "Upgrade or manage your subscription at /app/billing.";
        }
    }
}
