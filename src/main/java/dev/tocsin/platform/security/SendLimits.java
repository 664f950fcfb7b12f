package dev.tocsin.platform.security;

import dev.tocsin.platform.problem.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;

/**
 * Limits on what a member can make Tocsin send at will, so that nobody uses Tocsin to flood someone's
 * inbox or chat: requests for consent (an email channel's confirmation mail, a team invitation) and sends
 * to a channel (a test, a replay). Each is counted per account and per recipient; the recipient across
 * every account, so that many trial accounts do not add up against one address. Recipients are counted
 * by digest: the counter table holds no addresses, URLs or keys. Call it inside the transaction that
 * decides to send, before anything is written: a refusal then leaves nothing behind.
 */
@ApplicationScoped
public class SendLimits {

    /** What is being sent. */
    public enum Kind {
        /** An email channel's confirmation mail, or an invitation to join an account. */
        CONSENT_MAIL("confirmation and invitation mails"),
        /** A channel test or a delivery replay. */
        CHANNEL_SEND("channel tests and replays");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    private final RateLimiter limiter;
    private final SendLimitsConfig config;

    SendLimits(RateLimiter limiter, SendLimitsConfig config) {
        this.limiter = limiter;
        this.config = config;
    }

    /** Counts one send; {@link RateLimitedException} when the account or the recipient had enough this window. */
    public void check(Kind kind, UUID accountId, String recipient) {
        String prefix = "send:" + kind.name().toLowerCase(Locale.ROOT);
        int perAccount = kind == Kind.CONSENT_MAIL ? config.consentMailsPerAccount() : config.channelSendsPerAccount();
        int perRecipient = kind == Kind.CONSENT_MAIL ? config.consentMailsPerRecipient() : config.channelSendsPerRecipient();
        RateLimiter.Decision byAccount = limiter.hit(prefix + ":account:" + accountId, perAccount, config.window());
        if (!byAccount.allowed()) {
            throw refused("This account sent " + perAccount + " " + kind.words + " within " + window() + ".", byAccount);
        }
        String digest = Secrets.sha256Hex(recipient.strip().toLowerCase(Locale.ROOT));
        RateLimiter.Decision byRecipient = limiter.hit(prefix + ":to:" + digest, perRecipient, config.window());
        if (!byRecipient.allowed()) {
            throw refused("This recipient was sent " + perRecipient + " " + kind.words + " within " + window()
                    + ", from one account or several.", byRecipient);
        }
    }

    private String window() {
        long minutes = config.window().toMinutes();
        return minutes % 60 == 0 ? (minutes == 60 ? "the hour" : minutes / 60 + " hours") : minutes + " minutes";
    }

    private static RateLimitedException refused(String what, RateLimiter.Decision decision) {
        long seconds = decision.retryAfter().toSeconds();
        return new RateLimitedException("Too Many Requests",
                what + " Wait " + RateLimitedException.inWords(seconds) + " and try again.", seconds);
    }
}
