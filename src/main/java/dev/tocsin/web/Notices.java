package dev.tocsin.web;

import java.util.Map;

/**
 * One-line confirmations shown after a redirect. The query parameter only selects one of these
 * fixed texts, so a crafted link cannot put its own words on our page.
 */
public final class Notices {

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("verified", "Your email address is confirmed: alerts can reach you now."),
            Map.entry("verification-sent", "We sent you a new confirmation link."),
            Map.entry("password-changed", "Your password is changed. Other sessions were signed out."),
            Map.entry("invited", "Invitation sent."),
            Map.entry("role-changed", "Role changed."),
            Map.entry("member-removed", "Member removed."),
            Map.entry("joined", "Welcome aboard: you joined the account."),
            Map.entry("key-revoked", "API key revoked."),
            Map.entry("test-queued", "Test message queued: it appears below within a few seconds."),
            Map.entry("retry-queued", "Delivery queued again, with the same event id."),
            Map.entry("retry-in-flight", "That delivery is being sent right now: its log shows the outcome in a moment."),
            Map.entry("channel-confirm-sent", "Channel added. We sent a confirmation link to the address: it receives alerts once followed."),
            Map.entry("checkout-success", "Thank you! Your payment is confirmed by Stripe in a few seconds; this page then shows Pro."),
            Map.entry("checkout-canceled", "Checkout canceled: nothing was charged."),
            Map.entry("channel-added", "Channel added: it receives every monitor's incidents."),
            Map.entry("monitor-created", "Monitor added: its first check runs within 30 seconds."),
            Map.entry("monitor-saved", "Monitor saved."),
            Map.entry("monitor-paused", "Monitor paused: no checks and no alerts until you resume it."),
            Map.entry("monitor-resumed", "Monitor resumed: its next check runs within 30 seconds."),
            Map.entry("resume-refused", "This monitor cannot resume: the plan's monitor limit is reached or monitoring is paused. See Billing."),
            Map.entry("monitor-deleted", "Monitor deleted, with its results."),
            Map.entry("route-saved", "Route saved."),
            Map.entry("route-deleted", "Route deleted."),
            Map.entry("window-saved", "Maintenance window saved."),
            Map.entry("window-deleted", "Maintenance window deleted."));

    private Notices() {
    }

    public static String text(String key) {
        return key == null ? null : TEXTS.get(key);
    }
}
