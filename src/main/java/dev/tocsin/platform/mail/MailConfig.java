package dev.tocsin.platform.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** The SMTP server that carries every mail Tocsin sends. */
@ConfigMapping(prefix = "tocsin.mail")
public interface MailConfig {

    /** SMTP host; when unset, mails are written to the log instead of sent. */
    Optional<String> host();

    @Min(1)
    @Max(65535)
    @WithDefault("587")
    int port();

    Optional<String> username();

    Optional<String> password();

    /** The From header of every mail. */
    @WithDefault("Tocsin <alerts@tocsin.dev>")
    String from();

    /** Whether to upgrade the connection with STARTTLS. */
    @WithDefault("required")
    StartTls starttls();

    /** Connect with TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS. */
    @WithDefault("false")
    boolean ssl();

    /** Limit on connecting and on each read and write, so a stuck server never holds a thread for long. */
    @WithDefault("PT10S")
    Duration timeout();

    enum StartTls { DISABLED, OPTIONAL, REQUIRED }
}
