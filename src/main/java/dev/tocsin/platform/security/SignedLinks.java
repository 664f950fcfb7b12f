package dev.tocsin.platform.security;

import dev.tocsin.platform.TocsinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for links sent by email (verify an address, reset a password, accept an invitation, and
 * later acknowledge an incident): an HMAC-SHA256 over purpose, subject, expiry and a random nonce.
 * Checking a token here proves it is ours and unexpired; single use is the caller's job, through
 * {@link UsedTokens}, because only the database can refuse a second use on every node.
 */
@ApplicationScoped
public class SignedLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String SEPARATOR = "\n";

    private final SecretKeySpec key;
    private final Clock clock;

    SignedLinks(TocsinConfig config, Clock clock) {
        this.key = new SecretKeySpec(config.signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    public enum Purpose { VERIFY_EMAIL, RESET_PASSWORD, INVITATION, ACK_INCIDENT, UNSUBSCRIBE, CONFIRM_CHANNEL }

    /** A token that checked out: what it is for, whom it names, and its nonce for single use. */
    public record Verified(Purpose purpose, String subject, String nonce, Instant expiresAt) {
    }

    /** Why a link was refused; each is shown to the user in plain words. */
    public enum Refusal { FORGED, EXPIRED, USED }

    public static class InvalidLinkException extends RuntimeException {
        private final Refusal refusal;

        public InvalidLinkException(Refusal refusal) {
            super("link " + refusal.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public String issue(Purpose purpose, String subject, Duration validity) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        String payload = String.join(SEPARATOR, purpose.name(), subject, Long.toString(expires), Secrets.randomToken(16));
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODER.encodeToString(mac(encoded));
    }

    /** Checks signature, purpose and expiry; throws {@link InvalidLinkException} otherwise. */
    public Verified verify(Purpose expected, String token) {
        if (token == null || token.length() > 1024) {
            throw new InvalidLinkException(Refusal.FORGED);
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new InvalidLinkException(Refusal.FORGED);
        }
        String encoded = token.substring(0, dot);
        byte[] signature;
        String[] parts;
        try {
            signature = DECODER.decode(token.substring(dot + 1));
            parts = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException(Refusal.FORGED);
        }
        if (!MessageDigest.isEqual(signature, mac(encoded)) || parts.length != 4 || !parts[0].equals(expected.name())) {
            throw new InvalidLinkException(Refusal.FORGED);
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidLinkException(Refusal.FORGED);
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidLinkException(Refusal.EXPIRED);
        }
        return new Verified(expected, parts[1], parts[3], expiresAt);
    }

    private byte[] mac(String encodedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
