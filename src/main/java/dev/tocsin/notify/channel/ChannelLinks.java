package dev.tocsin.notify.channel;

import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.security.SignedLinks;
import dev.tocsin.platform.security.UsedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Signed links about a channel that arrive by email: confirm an address before it receives alerts,
 * and stop alerts to it (the unsubscribe link and {@code List-Unsubscribe} header of every alert).
 */
@ApplicationScoped
public class ChannelLinks {

    static final Duration CONFIRM_VALIDITY = Duration.ofDays(7);
    static final Duration UNSUBSCRIBE_VALIDITY = Duration.ofDays(365);

    private final SignedLinks links;
    private final UsedTokens usedTokens;
    private final TocsinConfig config;
    private final Clock clock;

    ChannelLinks(SignedLinks links, UsedTokens usedTokens, TocsinConfig config, Clock clock) {
        this.links = links;
        this.usedTokens = usedTokens;
        this.config = config;
        this.clock = clock;
    }

    /** A link that confirms this channel's current address only: after a change of target it confirms nothing. */
    public String confirmUrl(Channel channel) {
        return config.publicUrl() + "/channels/" + channel.id + "/confirm?token="
                + links.issue(SignedLinks.Purpose.CONFIRM_CHANNEL, bound(channel.id, channel.target), CONFIRM_VALIDITY);
    }

    /** A link that stops alerts to this address: after a change of target it cannot switch off the new one. */
    public String unsubscribeUrl(UUID channelId, String target) {
        return config.publicUrl() + "/channels/" + channelId + "/unsubscribe?token="
                + links.issue(SignedLinks.Purpose.UNSUBSCRIBE, bound(channelId, target), UNSUBSCRIBE_VALIDITY);
    }

    /**
     * The channel a valid link names, if it was minted for the channel's current target;
     * {@link SignedLinks.InvalidLinkException} otherwise. Unsubscribe links minted before targets were
     * signed in (the channel id alone) still work: a recipient must always be able to stop mail.
     */
    public Channel channelOf(SignedLinks.Purpose purpose, UUID channelId, String token) {
        SignedLinks.Verified link = links.verify(purpose, token);
        Channel channel = Channel.<Channel>findByIdOptional(channelId)
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
        boolean forThisTarget = link.subject().equals(bound(channelId, channel.target));
        boolean legacyUnsubscribe = purpose == SignedLinks.Purpose.UNSUBSCRIBE && link.subject().equals(channelId.toString());
        if (!forThisTarget && !legacyUnsubscribe) {
            throw new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED);
        }
        return channel;
    }

    /** The channel id with a digest of the address, so a link names both without carrying the address. */
    static String bound(UUID channelId, String target) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(target.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return channelId + "|" + java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public Channel confirm(UUID channelId, String token) {
        Channel channel = channelOf(SignedLinks.Purpose.CONFIRM_CHANNEL, channelId, token);
        usedTokens.consume(links.verify(SignedLinks.Purpose.CONFIRM_CHANNEL, token));
        channel.confirmedAt = clock.instant();
        channel.unsubscribedAt = null;
        channel.updatedAt = clock.instant();
        return channel;
    }

    /** Disables the channel; unsubscribing twice is harmless, so the link may be used again. */
    @Transactional
    public Channel unsubscribe(UUID channelId, String token) {
        Channel channel = channelOf(SignedLinks.Purpose.UNSUBSCRIBE, channelId, token);
        channel.enabled = false;
        if (channel.unsubscribedAt == null) {
            channel.unsubscribedAt = clock.instant();
        }
        channel.confirmedAt = null;
        channel.updatedAt = clock.instant();
        return channel;
    }
}
