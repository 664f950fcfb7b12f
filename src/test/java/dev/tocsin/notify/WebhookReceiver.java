package dev.tocsin.notify;

import dev.tocsin.testing.StubServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Standard Webhooks signatures the way a receiver would, written from the specification and
 * independently of the application's signer: HMAC-SHA256 keyed with the base64 part of the secret, over
 * "id.timestamp.body", compared with each {@code v1,} entry of the header.
 */
final class WebhookReceiver {

    private WebhookReceiver() {
    }

    static boolean verified(String secret, StubServer.Received request) {
        String id = request.headers().getFirst("webhook-id");
        String timestamp = request.headers().getFirst("webhook-timestamp");
        String signatures = request.headers().getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : signatures.split(" ")) {
                if (candidate.equals("v1," + expected)) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
