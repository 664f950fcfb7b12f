package dev.tocsin.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes provider text safe to show in an alert: one line, at most {@value #MAX} characters, no markup,
 * and no API keys. Providers echo keys back ("Incorrect API key provided: sk-…"); a reason goes into
 * emails and webhooks, so anything shaped like a key is replaced before it is stored.
 */
final class ReasonText {

    static final int MAX = 200;
    static final String REDACTED = "[redacted]";
    private static final int SCAN = 16 * 1024;
    private static final int KEEP = 4 * MAX;

    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern H1 = Pattern.compile("(?is)<h1[^>]*>(.*?)</h1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cntrl}\\u00A0\\u2028\\u2029]+");
    private static final Pattern[] SECRETS = {
        // a bearer token, wherever it is quoted
        Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+"),
        // vendor key prefixes (OpenAI/Anthropic/OpenRouter sk-, Groq gsk_, Perplexity pplx-, xAI, Google AIza); real keys
        // are long, which keeps model names such as pplx-70b-online readable
        Pattern.compile("\\b(?:sk|gsk|pplx|xai|tgp)[-_][A-Za-z0-9_*-]{20,}"),
        Pattern.compile("\\bAIza[0-9A-Za-z_-]{20,}"),
        // masked keys such as ****abcd: even the visible tail helps nobody and identifies the key
        Pattern.compile("[A-Za-z0-9_-]*\\*{3,}[A-Za-z0-9_*-]*"),
        // long opaque tokens: Mistral (32), Cohere (40) and Together (64) keys are plain alphanumerics
        Pattern.compile("\\b[A-Za-z0-9]{32,}\\b"),
    };
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)\\b((?:api[_-]?key|key|token|access_token)=)[^&\\s\"']+");

    private ReasonText() {
    }

    /** {@code lead}, then {@code ": "} and the provider's text if there is any, as one safe line. */
    static String of(String lead, Optional<String> text) {
        String detail = text.map(ReasonText::clean).orElse("");
        return truncate(clean(detail.isEmpty() ? lead : lead + ": " + detail));
    }

    static String clean(String text) {
        // Bounded before the secret patterns run, so that a huge body costs no more than a short one;
        // the bound is far past MAX, so a key cut in two here never reaches the reason.
        String line = SPACE.matcher(text.length() > SCAN ? text.substring(0, SCAN) : text).replaceAll(" ").strip();
        line = line.length() > KEEP ? line.substring(0, KEEP) : line;
        line = SECRET_PARAM.matcher(line).replaceAll("$1" + REDACTED);
        for (Pattern secret : SECRETS) {
            line = secret.matcher(line).replaceAll(Matcher.quoteReplacement(REDACTED));
        }
        return line;
    }

    static String truncate(String line) {
        if (line.length() <= MAX) {
            return line;
        }
        int end = MAX - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end).stripTrailing() + "…";
    }

    /** The page's title, else its first heading: what a proxy's error page says in a few words. */
    static Optional<String> htmlTitle(String html) {
        for (Pattern element : new Pattern[] {TITLE, H1}) {
            Matcher m = element.matcher(html);
            if (m.find()) {
                String text = SPACE.matcher(unescape(TAG.matcher(m.group(1)).replaceAll(" "))).replaceAll(" ").strip();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }

    private static String unescape(String text) {
        return ENTITY.matcher(text).replaceAll(match -> {
            String name = match.group(1);
            String value = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> codePoint(name);
            };
            return Matcher.quoteReplacement(value);
        });
    }

    private static String codePoint(String reference) {
        boolean hex = reference.length() > 1 && (reference.charAt(1) == 'x' || reference.charAt(1) == 'X');
        int value = Integer.parseInt(reference.substring(hex ? 2 : 1), hex ? 16 : 10);
        return Character.isValidCodePoint(value) && !Character.isISOControl(value) ? new String(Character.toChars(value)) : " ";
    }
}
