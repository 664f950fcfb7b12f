package dev.tocsin.platform.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Keys that encrypt customers' provider credentials at rest. See docs/operations.md for rotation. */
@ConfigMapping(prefix = "tocsin.credentials")
public interface CredentialsConfig {

    /** The current AES-256 key, base64 (32 bytes). Required in production. */
    Optional<String> key();

    /** Older keys, base64, still accepted for decryption while rows are re-encrypted. */
    Optional<List<String>> previousKeys();

    /**
     * Dev only: where to keep a generated key when {@code key} is unset, next to the embedded
     * database. Unset in production, where a missing key stops the start.
     */
    Optional<String> keyFile();
}
