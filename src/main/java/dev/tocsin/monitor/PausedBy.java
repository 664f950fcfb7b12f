package dev.tocsin.monitor;

/**
 * Who paused a monitor. Billing resumes only what billing paused, so a monitor the user paused stays
 * paused through an expiry and an upgrade.
 */
public enum PausedBy {
    /** The user, from the API or a page. */
    USER,
    /** Billing: the account is expired, canceled, or past due beyond its grace period. */
    BILLING,
    /** The plan: the account has more monitors than its plan allows; the newest are paused. */
    PLAN
}
