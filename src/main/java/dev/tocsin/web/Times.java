package dev.tocsin.web;

import io.quarkus.arc.Arc;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as people read them, for every template: {@code {when:ago(at)}} is "3 min ago" in a
 * {@code <time>} element whose title holds the exact time (the page's script restates it in the viewer's
 * own time zone), and {@code {when:span(from, to)}} is a duration such as "4 min".
 */
@TemplateExtension(namespace = "when")
public final class Times {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ISO_INSTANT;

    private Times() {
    }

    static RawString ago(Instant at) {
        if (at == null) {
            return new RawString("never");
        }
        String iso = MACHINE.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return new RawString("<time datetime=\"" + iso + "\" title=\"" + EXACT.format(at) + "\" data-relative>"
                + relative(Duration.between(at, clockNow())) + "</time>");
    }

    /** The server's now, for the page's script to keep relative times right on a client whose clock is off. */
    static String now() {
        return MACHINE.format(clockNow().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** The exact time alone, for tables where the order matters more than the distance. */
    static RawString exact(Instant at) {
        if (at == null) {
            return new RawString("");
        }
        return new RawString("<time datetime=\"" + MACHINE.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + "\">"
                + EXACT.format(at) + "</time>");
    }

    /** From {@code from} to {@code to}, or to now when {@code to} is null. */
    static String span(Instant from, Instant to) {
        if (from == null) {
            return "";
        }
        return duration(Duration.between(from, to == null ? clockNow() : to));
    }

    static String relative(Duration ago) {
        if (ago.isNegative()) {
            return "in " + duration(ago.negated());
        }
        return ago.toSeconds() < 45 ? "just now" : duration(ago) + " ago";
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        long m = Math.round(s / 60.0);
        if (m < 60) {
            return m + " min";
        }
        long h = s / 3600;
        if (h < 48) {
            long rest = (s % 3600) / 60;
            return rest == 0 ? h + " h" : h + " h " + rest + " min";
        }
        return s / 86400 + " days";
    }

    private static Instant clockNow() {
        return Arc.container().instance(Clock.class).get().instant();
    }
}
