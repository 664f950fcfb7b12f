package dev.tocsin.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Counts of one account, provider, model and period (a minute as stored, or a window as summed). */
final class UsageMinute {

    long calls;
    long ok;
    long clientErrors;
    long rateLimited;
    long serverErrors;
    long transport;
    long fallbacks;
    long inputTokens;
    long outputTokens;
    long costMicroUsd;
    long[] latency = UsageHistogram.empty();
    long[] ttft = UsageHistogram.empty();

    void add(UsageCall call, Prices.Price price) {
        calls++;
        int s = call.status();
        if (s == 0) {
            transport++;
        } else if (s == 429) {
            rateLimited++;
        } else if (s >= 500) {
            serverErrors++;
        } else if (s >= 400) {
            clientErrors++;
        } else {
            ok++;
        }
        if (call.fallback()) {
            fallbacks++;
        }
        inputTokens += call.inputTokens();
        outputTokens += call.outputTokens();
        costMicroUsd += price.microUsd(call.inputTokens(), call.outputTokens());
        latency[UsageHistogram.bucket(call.latencyMs())]++;
        if (call.ttftMs() != null) {
            ttft[UsageHistogram.bucket(call.ttftMs())]++;
        }
    }

    void add(UsageMinute other) {
        calls += other.calls;
        ok += other.ok;
        clientErrors += other.clientErrors;
        rateLimited += other.rateLimited;
        serverErrors += other.serverErrors;
        transport += other.transport;
        fallbacks += other.fallbacks;
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        costMicroUsd += other.costMicroUsd;
        for (int i = 0; i < UsageHistogram.SIZE; i++) {
            latency[i] += other.latency[i];
            ttft[i] += other.ttft[i];
        }
    }

    /** Calls that failed on the provider's side or never got an answer: 5xx and transport failures. */
    long errors() {
        return serverErrors + transport;
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    BigDecimal costUsd() {
        return BigDecimal.valueOf(costMicroUsd).movePointLeft(6).setScale(6, RoundingMode.UNNECESSARY);
    }
}
