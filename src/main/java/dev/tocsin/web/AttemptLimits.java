package dev.tocsin.web;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.Emails;
import dev.tocsin.platform.problem.RateLimitedException;
import dev.tocsin.platform.security.RateLimiter;
import dev.tocsin.platform.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-IP and per-email limits on the forms that attackers hammer. Emails are counted by digest, so
 * the counter table holds no addresses.
 */
@ApplicationScoped
class AttemptLimits {

    private final RateLimiter limiter;
    private final AccountConfig config;

    AttemptLimits(RateLimiter limiter, AccountConfig config) {
        this.limiter = limiter;
        this.config = config;
    }

    void check(String action, String ip, String email) {
        AccountConfig.Limits limits = config.limits();
        RateLimiter.Decision byIp = limiter.hit(action + ":ip:" + ip, limits.perIp(), limits.window());
        if (!byIp.allowed()) {
            throw tooMany(byIp);
        }
        if (email != null && !email.isBlank()) {
            String digest = Secrets.sha256Hex(Emails.normalize(email));
            RateLimiter.Decision byEmail = limiter.hit(action + ":email:" + digest, limits.perEmail(), limits.window());
            if (!byEmail.allowed()) {
                throw tooMany(byEmail);
            }
        }
    }

    private static RateLimitedException tooMany(RateLimiter.Decision decision) {
        long seconds = decision.retryAfter().toSeconds();
        return new RateLimitedException("Too many attempts",
                "Too many attempts from here. Wait " + RateLimitedException.inWords(seconds) + " and try again.", seconds);
    }
}
