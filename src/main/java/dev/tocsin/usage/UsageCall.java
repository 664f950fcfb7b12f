package dev.tocsin.usage;

import java.time.Instant;

/** One call of the customer's, as reported: already validated. {@code status} 0 is a call that got no answer. */
record UsageCall(String provider, String model, int status, int latencyMs, Integer ttftMs, long inputTokens, long outputTokens,
                 boolean fallback, Instant at) {
}
