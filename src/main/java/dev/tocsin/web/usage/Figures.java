package dev.tocsin.web.usage;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Figures as the usage page writes them: {@code {num:count(n)}} "1,310", {@code {num:percent(0.124)}}
 * "12.4 %", {@code {num:usd(cost)}} "$3.21" or "$0.0225", {@code {num:ms(v)}} "840 ms" or "–" when nothing reported it.
 */
@TemplateExtension(namespace = "num")
final class Figures {

    /** Keeps a figure and its unit on one line in narrow table cells. */
    private static final String NBSP = "\u00a0";

    private Figures() {
    }

    static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    static String count(int n) {
        return count((long) n);
    }

    static String percent(double rate) {
        return UsageCharts.percent(rate) + NBSP + "%";
    }

    static String usd(BigDecimal amount) {
        if (amount == null) {
            return "–";
        }
        // Cents hide the cost of a few cheap calls; show four places below one dollar.
        int places = amount.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
        return "$" + amount.setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    /** A rule's window: "5 min", or "90 s" when it is not whole minutes. */
    static String minutes(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    static String ms(Integer value) {
        return value == null ? "–" : count(value) + NBSP + "ms";
    }
}
