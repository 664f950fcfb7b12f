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

    public String confirmUrl(UUID channelId) {
        return config.publicUrl() + "/channels/" + channelId + "/confirm?token="
                + links.issue(SignedLinks.Purpose.CONFIRM_CHANNEL, channelId.toString(), CONFIRM_VALIDITY);
    }

    public String unsubscribeUrl(UUID channelId) {
        return config.publicUrl() + "/channels/" + channelId + "/unsubscribe?token="
                + links.issue(SignedLinks.Purpose.UNSUBSCRIBE, channelId.toString(), UNSUBSCRIBE_VALIDITY);
    }

    /** The channel a valid link names; {@link SignedLinks.InvalidLinkException} otherwise. */
    public Channel channelOf(SignedLinks.Purpose purpose, UUID channelId, String token) {
        SignedLinks.Verified link = links.verify(purpose, token);
        if (!link.subject().equals(channelId.toString())) {
            throw new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED);
        }
        return Channel.<Channel>findByIdOptional(channelId)
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
    }

    @Transactional
    public Channel confirm(UUID channelId, String token) {
        Channel channel = channelOf(SignedLinks.Purpose.CONFIRM_CHANNEL, channelId, token);
        usedTokens.consume(links.verify(SignedLinks.Purpose.CONFIRM_CHANNEL, token));
        channel.confirmedAt = clock.instant();
        channel.updatedAt = clock.instant();
        return channel;
    }

    /** Disables the channel; unsubscribing twice is harmless, so the link may be used again. */
    @Transactional
    public Channel unsubscribe(UUID channelId, String token) {
        Channel channel = channelOf(SignedLinks.Purpose.UNSUBSCRIBE, channelId, token);
        channel.enabled = false;
        channel.updatedAt = clock.instant();
        return channel;
    }
}
