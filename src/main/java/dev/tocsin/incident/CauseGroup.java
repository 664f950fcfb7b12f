package dev.tocsin.incident;

import java.util.Locale;

/**
 * Causes that are one problem to the on-call engineer. Signals of the same monitor (or provider) and
 * group fold into one incident: a 503 then a timeout is one outage, but a revoked key is another problem.
 * Flapping is availability too: intermittent failures that then become a confirmed outage are one
 * problem, whose incident rises from degraded to down. Quota is not rate limiting (waiting does not fix
 * it), and a probe request the API refuses is the monitor's problem, not the API being down. Slowness is
 * degraded performance, not availability: an API that answers slowly still answers, so a slow spell and
 * an outage of the same monitor are two incidents.
 */
public enum CauseGroup {
    AVAILABILITY, RATE_LIMITED, QUOTA, AUTH, NOT_FOUND, BAD_REQUEST, SLOW, SPEND;

    public static CauseGroup of(String cause) {
        return switch (cause) {
            case "rate_limited" -> RATE_LIMITED;
            case "quota" -> QUOTA;
            case "auth" -> AUTH;
            case "not_found" -> NOT_FOUND;
            case "bad_request" -> BAD_REQUEST;
            case "slow" -> SLOW;
            case "spend" -> SPEND;
            default -> AVAILABILITY; // server_error, overloaded, timeout, dns, connect, tls, assertion, vendor, flapping
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The dedup key. A provider monitor's problems are keyed by the provider, so that while the account
     * has an open incident on a provider its other monitors of that provider fold into it.
     */
    public static String key(java.util.UUID monitorId, String provider, String cause) {
        String group = of(cause).code();
        return provider != null ? "provider:" + provider + ":" + group : "monitor:" + monitorId + ":" + group;
    }
}
