package dev.tocsin.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {

    private static final String KEY_1 = "dGVzdC1vbmx5LWNyZWRlbnRpYWxzLWtleS0wMDAwMDA=";
    private static final String KEY_2 = "YW5vdGhlci10ZXN0LWNyZWRlbnRpYWxzLWtleS0xMTE=";

    private static CredentialCipher cipher(Map<String, String> settings) {
        return new CredentialCipher(new SmallRyeConfigBuilder()
                .withMapping(CredentialsConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .build()
                .getConfigMapping(CredentialsConfig.class));
    }

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        CredentialCipher cipher = cipher(Map.of("tocsin.credentials.key", KEY_1));
        byte[] sealed = cipher.encrypt("sk-live-canary", "row-1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("sk-live-canary");
        assertThat(cipher.decrypt(sealed, "row-1")).isEqualTo("sk-live-canary");
        assertThat(cipher.encrypt("sk-live-canary", "row-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void ciphertextMovedToAnotherRowOrTamperedIsRefused() {
        CredentialCipher cipher = cipher(Map.of("tocsin.credentials.key", KEY_1));
        byte[] sealed = cipher.encrypt("secret", "row-1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "row-2")).isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "row-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationReadsOldRowsWithThePreviousKey() {
        byte[] old = cipher(Map.of("tocsin.credentials.key", KEY_1)).encrypt("secret", "row");
        CredentialCipher rotated = cipher(Map.of("tocsin.credentials.key", KEY_2, "tocsin.credentials.previous-keys", KEY_1));
        assertThat(rotated.decrypt(old, "row")).isEqualTo("secret");
        assertThat(rotated.isStale(old)).isTrue();
        assertThat(rotated.isStale(rotated.encrypt("secret", "row"))).isFalse();
        assertThatThrownBy(() -> cipher(Map.of("tocsin.credentials.key", KEY_2)).decrypt(old, "row"))
                .hasMessageContaining("no longer configured");
    }

    @Test
    void missingOrMalformedKeyNamesTheSetting() {
        assertThatThrownBy(() -> cipher(Map.of())).hasMessageContaining("tocsin.credentials.key");
        assertThatThrownBy(() -> cipher(Map.of("tocsin.credentials.key", "c2hvcnQ="))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> cipher(Map.of("tocsin.credentials.key", "not base64!"))).hasMessageContaining("base64");
    }

    @Test
    void devKeyFileIsGeneratedOnceAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials.key");
        byte[] sealed = cipher(Map.of("tocsin.credentials.key-file", file.toString())).encrypt("secret", "row");
        assertThat(Files.readString(file).trim()).hasSize(44);
        assertThat(cipher(Map.of("tocsin.credentials.key-file", file.toString())).decrypt(sealed, "row")).isEqualTo("secret");
    }
}
