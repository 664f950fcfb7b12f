package dev.tocsin.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Sessions, emailed links and abuse limits of the sign-up and sign-in flows. */
@ConfigMapping(prefix = "tocsin.accounts")
public interface AccountConfig {

    /** How long a browser session lasts after sign-in. */
    @WithDefault("P30D")
    Duration sessionLifetime();

    /** Mark cookies {@code Secure}; turn off only for local http. */
    @WithDefault("true")
    boolean secureCookies();

    /** How long an email-verification link stays valid. */
    @WithDefault("P2D")
    Duration verificationLinkValidity();

    /** How long a password-reset link stays valid. */
    @WithDefault("PT1H")
    Duration resetLinkValidity();

    /** How long an invitation link stays valid. */
    @WithDefault("P7D")
    Duration invitationValidity();

    /** Limits on sign-in, sign-up and reset attempts. */
    Limits limits();

    interface Limits {

        /** Length of one counting window. */
        @WithDefault("PT15M")
        Duration window();

        /** Attempts of one kind from one IP address per window. */
        @Min(1)
        @WithDefault("30")
        int perIp();

        /** Attempts of one kind for one email address per window. */
        @Min(1)
        @WithDefault("10")
        int perEmail();
    }
}
