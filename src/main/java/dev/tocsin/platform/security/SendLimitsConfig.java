package dev.tocsin.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Limits on the mails and messages a member can make Tocsin send at will (docs/configuration.md). */
@ConfigMapping(prefix = "tocsin.send-limits")
public interface SendLimitsConfig {

    /** Length of one counting window. */
    @WithDefault("PT1H")
    Duration window();

    /** Email channel confirmations and team invitations one account may send per window. */
    @Min(1)
    @WithDefault("20")
    int consentMailsPerAccount();

    /** Email channel confirmations and team invitations one address may receive per window, from all accounts together. */
    @Min(1)
    @WithDefault("3")
    int consentMailsPerRecipient();

    /** Channel tests and delivery replays one account may ask for per window. */
    @Min(1)
    @WithDefault("120")
    int channelSendsPerAccount();

    /** Channel tests and delivery replays one channel address (mailbox, URL or key) may receive per window, from all accounts together. */
    @Min(1)
    @WithDefault("30")
    int channelSendsPerRecipient();
}
