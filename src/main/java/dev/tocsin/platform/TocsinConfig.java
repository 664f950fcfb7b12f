package dev.tocsin.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Tocsin's own settings, validated when the service starts: a missing or malformed value stops the
 * start with a message naming the property. Every setting is listed in docs/configuration.md.
 */
@ConfigMapping(prefix = "tocsin")
public interface TocsinConfig {

    /**
     * The address users reach this service at, without a trailing slash. Links in emails are built
     * from it, so production must say it explicitly; dev and test profiles default to localhost.
     */
    @Pattern(regexp = "https?://[^\\s/]+(/[^\\s]*[^/\\s])?", message = "must be an http(s) URL without a trailing slash")
    String publicUrl();

    /**
     * Key of the HMAC that signs links sent by email (verification, password reset, invitations).
     * Changing it invalidates every link already sent.
     */
    @jakarta.validation.constraints.Size(min = 32, message = "must be at least 32 characters")
    String signingKey();

    /** Length of the free trial a new account starts with. */
    @Min(1)
    @Max(365)
    @WithDefault("14")
    int trialDays();

    /**
     * This node's region: it claims the probe targets of that region (and those of monitors without
     * regions). Must be one of {@link #regions()} on a probing node.
     */
    @WithDefault("default")
    String region();

    /** The regions monitors may ask to be probed from, each served by nodes whose {@code tocsin.region} names it. */
    @WithDefault("default")
    java.util.List<String> regions();

    /** The REST API. */
    Api api();

    interface Api {

        /** Requests one API key may make per minute; more get 429 with Retry-After. */
        @Min(1)
        @WithDefault("600")
        int requestsPerMinute();
    }

    /** The zero-set-up database used when no datasource URL is configured. */
    EmbeddedDb embeddedDb();

    interface EmbeddedDb {

        /** Whether to start an embedded PostgreSQL when {@code quarkus.datasource.jdbc.url} is unset. */
        @WithDefault("true")
        boolean enabled();

        /** Where the embedded database keeps its files between restarts. */
        @NotBlank
        @WithDefault(".tocsin/postgres")
        String dataDir();

        /** TCP port of the embedded database on localhost; 0 picks a free one. */
        @Min(0)
        @Max(65535)
        @WithDefault("0")
        int port();
    }
}
