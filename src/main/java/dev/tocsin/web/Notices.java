package dev.tocsin.web;

import java.util.Map;

/**
 * One-line confirmations shown after a redirect. The query parameter only selects one of these
 * fixed texts, so a crafted link cannot put its own words on our page.
 */
final class Notices {

    private static final Map<String, String> TEXTS = Map.of(
            "verified", "Your email address is confirmed: alerts can reach you now.",
            "verification-sent", "We sent you a new confirmation link.",
            "password-changed", "Your password is changed. Other sessions were signed out.",
            "invited", "Invitation sent.",
            "role-changed", "Role changed.",
            "member-removed", "Member removed.",
            "joined", "Welcome aboard: you joined the account.",
            "key-revoked", "API key revoked.");

    private Notices() {
    }

    static String text(String key) {
        return key == null ? null : TEXTS.get(key);
    }
}
