package dev.tocsin.platform.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for credentials at rest. A ciphertext is {@code version(1) | key id(8) | nonce(12) |
 * ciphertext+tag}; the key id (a digest of the key) lets old rows be read during a key rotation, and
 * the caller's associated data (the owning row's id) stops a ciphertext from being moved to another
 * row. Validated at start: a missing or malformed key stops the service.
 */
@Startup
@ApplicationScoped
public class CredentialCipher {

    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(byte[] id, SecretKeySpec spec) {
    }

    private final Key current;
    private final List<Key> all;

    CredentialCipher(CredentialsConfig config) {
        this.current = key(config.key().or(() -> config.keyFile().map(CredentialCipher::loadOrCreate))
                .orElseThrow(() -> new IllegalStateException(
                        "tocsin.credentials.key is required: a base64 AES-256 key (generate one with: openssl rand -base64 32)")),
                "tocsin.credentials.key");
        List<Key> keys = new ArrayList<>(List.of(current));
        config.previousKeys().orElse(List.of()).forEach(k -> keys.add(key(k, "tocsin.credentials.previous-keys")));
        this.all = List.copyOf(keys);
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + KEY_ID_BYTES + NONCE_BYTES + sealed.length)
                    .put(VERSION).put(current.id()).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, String associatedData) {
        if (stored == null || stored.length < 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalArgumentException("Not a credential ciphertext");
        }
        byte[] keyId = Arrays.copyOfRange(stored, 1, 1 + KEY_ID_BYTES);
        Key key = all.stream().filter(k -> MessageDigest.isEqual(k.id(), keyId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Credential encrypted with a key that is no longer configured"));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(),
                    new GCMParameterSpec(TAG_BITS, stored, 1 + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            int offset = 1 + KEY_ID_BYTES + NONCE_BYTES;
            return new String(cipher.doFinal(stored, offset, stored.length - offset), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Credential could not be decrypted (tampered, or moved to another row)", e);
        }
    }

    /** Whether a ciphertext was made with an older key and should be re-encrypted. */
    public boolean isStale(byte[] stored) {
        return stored != null && stored.length > KEY_ID_BYTES
                && !MessageDigest.isEqual(Arrays.copyOfRange(stored, 1, 1 + KEY_ID_BYTES), current.id());
    }

    private static Key key(String base64, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must be base64 (generate one with: openssl rand -base64 32)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(setting + " must decode to 32 bytes (AES-256), not " + raw.length);
        }
        return new Key(Arrays.copyOf(Secrets.sha256(base64.trim()), KEY_ID_BYTES), new SecretKeySpec(raw, "AES"));
    }

    private static String loadOrCreate(String file) {
        Path path = Path.of(file);
        try {
            if (Files.exists(path)) {
                return Files.readString(path).trim();
            }
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String encoded = Base64.getEncoder().encodeToString(raw);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, encoded + System.lineSeparator());
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the dev credentials key " + path, e);
        }
    }
}
