package dev.tocsin.monitor;

/**
 * What may go into an HTTP header value that a probe sends. A key pasted from a terminal often ends in
 * a line break: one is taken off; any other control character would make the request impossible to
 * build (or split it), so it is refused at the edge rather than failing every probe later.
 */
public final class HeaderValues {

    static final String ONE_LINE = "must be one line of printable characters (no line breaks, NUL or other control characters)";

    private HeaderValues() {
    }

    /** The value without one trailing line break; null when the value is null or still holds a control character. */
    public static String oneLine(String value) {
        if (value == null) {
            return null;
        }
        String v = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            // Tab is allowed in a field value (RFC 9110); what a header cannot carry is refused.
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                return null;
            }
        }
        return v;
    }
}
