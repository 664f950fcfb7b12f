package dev.tocsin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a probe failed, in the classes the product promises (docs/catalog.md has the table). Rate
 * limiting is its own cause so that "your workspace hit its limit" is never reported as "provider down",
 * and quota is not rate limiting: waiting a minute fixes the one, only paying or upgrading fixes the other.
 * Slowness is not a failed assertion: an answer over the maximum latency is {@code slow}, while a status,
 * body or header check that fails is {@code assertion}.
 */
public enum Cause {
    RATE_LIMITED, QUOTA, AUTH, NOT_FOUND, BAD_REQUEST, SERVER_ERROR, OVERLOADED, TIMEOUT, DNS, CONNECT, TLS, SLOW, ASSERTION;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
