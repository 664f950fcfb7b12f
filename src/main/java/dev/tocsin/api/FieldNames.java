package dev.tocsin.api;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the field a client most likely meant, for "did you mean …?". */
final class FieldNames {

    private FieldNames() {
    }

    /**
     * The known name closest to {@code unknown}: one that starts with it or that it starts with
     * ({@code interval} → {@code intervalSeconds}), or one a few edits away ({@code intervalSecond}); none
     * when nothing is that close, since a wild guess misleads more than no guess.
     */
    static Optional<String> closest(String unknown, List<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> {
                    String l = k.toLowerCase(Locale.ROOT);
                    return l.startsWith(u) || u.startsWith(l) || distance(u, l) <= Math.max(2, u.length() / 3);
                })
                .min(Comparator.comparingInt((String k) -> distance(u, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k));
    }

    /** "; did you mean `x`?" for a suggestion, nothing without one. */
    static String hint(String suggestion) {
        return suggestion == null || suggestion.isEmpty() ? "" : "; did you mean `" + suggestion + "`?";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
