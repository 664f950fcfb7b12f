package dev.tocsin.probe;

import java.util.Collection;
import java.util.Comparator;

/**
 * The start of a failing response's body, fit to quote in an alert: whitespace collapsed, at most
 * {@link #MAX_CHARS} characters, and every value the request sent in a header blanked out, because some
 * APIs echo the credential they refused ("Incorrect API key provided: sk-…").
 */
final class BodyExcerpt {

    static final int MAX_CHARS = 300;
    /** Header values shorter than this are too common to be secrets and would blank ordinary words. */
    private static final int MIN_SECRET_CHARS = 8;
    private static final String BLANKED = "[redacted]";

    private BodyExcerpt() {
    }

    /** The excerpt, or null for an empty body. */
    static String of(String body, Collection<String> sentHeaderValues) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text = body;
        // Longest first, so a value containing a shorter one is blanked whole.
        for (String secret : sentHeaderValues.stream().filter(v -> v != null && v.length() >= MIN_SECRET_CHARS)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            text = text.replace(secret, BLANKED);
            // "Bearer sk-…" is sent; "sk-…" alone is what comes back.
            int space = secret.indexOf(' ');
            if (space > 0 && secret.length() - space - 1 >= MIN_SECRET_CHARS) {
                text = text.replace(secret.substring(space + 1), BLANKED);
            }
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_CHARS ? flat : flat.substring(0, MAX_CHARS) + "…";
    }
}
