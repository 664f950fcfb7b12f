package dev.tocsin.statuspage;

import dev.tocsin.statuspage.VendorIncident.Status;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a feed item's HTML-ish text into plain text and reads the incident phase from its words. */
final class FeedText {

    private static final int MAX_UPDATE = 1000;
    private static final Pattern BLOCK = Pattern.compile("(?i)<\\s*(br|/p|/li|/div|/h\\d)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");
    /** "[Resolved] API errors" or "RESOLVED: API errors": a phase stuck on the front of a title. */
    private static final Pattern TITLE_PREFIX = Pattern.compile(
            "^\\s*(?:\\[([^\\]]{1,40})\\]|(resolved|update|updated|investigating|identified|monitoring|completed|scheduled|in progress"
                    + "|verifying)\\s*:)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RESOLVED_WORD = Pattern.compile("\\b(resolved|completed)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PHASE = Pattern.compile(
            "\\b(resolved|completed|investigating|identified|monitoring)\\b", Pattern.CASE_INSENSITIVE);

    private FeedText() {
    }

    static String plain(String html) {
        if (html == null) {
            return "";
        }
        String text = TAG.matcher(BLOCK.matcher(html).replaceAll(" ")).replaceAll("");
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'");
        Matcher numeric = NUMERIC_ENTITY.matcher(text);
        StringBuilder decoded = new StringBuilder();
        while (numeric.find()) {
            int code = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
            String replacement = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : " ";
            numeric.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
        }
        numeric.appendTail(decoded);
        // &amp; last, so "&amp;lt;" stays the literal text "&lt;" instead of becoming "<".
        text = decoded.toString().replace("&amp;", "&").replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_UPDATE ? text : text.substring(0, MAX_UPDATE) + "…";
    }

    /** The phase tag on the front of a title ("[In progress] ", "RESOLVED: "), or "" when it has none. */
    static String tag(String title) {
        Matcher tag = TITLE_PREFIX.matcher(title);
        return tag.find() ? tag.group() : "";
    }

    /** The title without a leading phase tag, so one incident keeps one title across its updates. */
    static String title(String title) {
        return TITLE_PREFIX.matcher(title).replaceFirst("").strip();
    }

    /**
     * The phase: a tag on the title ("[Identified] …") wins, then a title that says resolved or completed,
     * then the first phase word in the text, since feeds that carry the whole history (Statuspage's
     * history.rss) put the newest update first. Other words in a title ("Monitoring dashboard down") are
     * the incident's subject, not its phase.
     */
    static Status status(String title, String text) {
        Matcher tag = TITLE_PREFIX.matcher(title);
        if (tag.find()) {
            Status fromTag = firstPhase(tag.group());
            if (fromTag != Status.UNKNOWN) {
                return fromTag;
            }
        }
        if (RESOLVED_WORD.matcher(title).find()) {
            return Status.RESOLVED;
        }
        return firstPhase(text);
    }

    private static Status firstPhase(String text) {
        Matcher matcher = PHASE.matcher(text);
        if (!matcher.find()) {
            return Status.UNKNOWN;
        }
        return switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
            case "resolved", "completed" -> Status.RESOLVED;
            case "investigating" -> Status.INVESTIGATING;
            case "identified" -> Status.IDENTIFIED;
            default -> Status.MONITORING;
        };
    }
}
