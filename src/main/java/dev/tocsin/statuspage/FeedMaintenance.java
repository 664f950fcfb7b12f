package dev.tocsin.statuspage;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a feed item that announces or runs a maintenance from one that reports an incident. Feeds have no
 * field for it, so it is read from the words: Statuspage posts maintenance updates as "Scheduled", "In
 * progress", "Verifying" and "Completed" (incidents as "Investigating", "Identified", "Monitoring",
 * "Resolved"; both as "Update"), heads a maintenance item with "THIS IS A SCHEDULED EVENT <when>", and
 * vendors title them "… Scheduled Maintenance". A maintenance is never an incident: it would page people
 * for work the vendor announced.
 */
final class FeedMaintenance {

    /** What a feed item is about, from its newest update. */
    enum Kind {
        INCIDENT,
        /** Announced for later; a window only when the item says when. */
        ANNOUNCED,
        RUNNING,
        /** Completed: history, neither an incident nor a window. */
        ENDED
    }

    /** A maintenance window as the item states it; either end may be null when it does not say. */
    record Schedule(Instant startsAt, Instant endsAt) {
    }

    /**
     * Statuspage's header of a maintenance item, as plain text: "THIS IS A SCHEDULED EVENT Mar 20, 01:00 -
     * 06:00 UTC", or across days "… Mar 18, 22:00 UTC - Mar 20, 06:00 UTC". The year is not written.
     */
    private static final Pattern SCHEDULED_EVENT = Pattern.compile(
            "THIS IS A SCHEDULED EVENT\\s+(?:([A-Z][a-z]{2})\\s+(\\d{1,2}),\\s+(\\d{1,2}):(\\d{2})(?:\\s*UTC)?\\s*-\\s*"
                    + "(?:([A-Z][a-z]{2})\\s+(\\d{1,2}),\\s+)?(\\d{1,2}):(\\d{2})\\s*UTC)?", Pattern.CASE_INSENSITIVE);
    /**
     * The phase words of an update. Incident phases count wherever they stand, as {@link FeedText} reads
     * them; maintenance phases only as Statuspage writes an update's lead ("In progress - …") or a title tag,
     * since "scheduled" or "completed" in an incident's prose says nothing about maintenance.
     */
    private static final Pattern PHASE = Pattern.compile(
            "\\b(investigating|identified|monitoring|resolved)\\b|\\b(scheduled|in progress|verifying|completed)\\s+[-–:]\\s",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG_PHASE = Pattern.compile(
            "\\b(investigating|identified|monitoring|resolved|scheduled|in progress|verifying|completed)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern MAINTENANCE_TITLE = Pattern.compile("\\b(maintenance|scheduled)\\b", Pattern.CASE_INSENSITIVE);

    private FeedMaintenance() {
    }

    /**
     * @param rawTitle the item's title as published, with any phase tag
     * @param text     the item's plain text, newest update first
     */
    static Kind kind(String rawTitle, String text) {
        Matcher header = SCHEDULED_EVENT.matcher(text);
        boolean scheduledEvent = header.find();
        String phase = phase(rawTitle, scheduledEvent ? header.replaceFirst(" ") : text);
        switch (phase) {
            case "investigating", "identified", "monitoring":
                return Kind.INCIDENT; // an incident about a maintenance is still an incident
            case "scheduled":
                return Kind.ANNOUNCED;
            case "in progress", "verifying":
                return Kind.RUNNING;
            case "completed":
                return Kind.ENDED;
            default:
                break;
        }
        if (!scheduledEvent && !MAINTENANCE_TITLE.matcher(FeedText.title(rawTitle)).find()
                && !MAINTENANCE_TITLE.matcher(tag(rawTitle)).find()) {
            return Kind.INCIDENT;
        }
        return "resolved".equals(phase) ? Kind.ENDED : Kind.RUNNING;
    }

    /**
     * The window a Statuspage maintenance item states, its year taken from {@code published} (the item's
     * date, else now) as the nearest year that puts the start within half a year of it.
     */
    static Optional<Schedule> schedule(String text, Instant published) {
        Matcher m = SCHEDULED_EVENT.matcher(text);
        if (!m.find() || m.group(1) == null) {
            return Optional.empty();
        }
        Optional<Month> startMonth = month(m.group(1));
        Optional<Month> endMonth = m.group(5) == null ? startMonth : month(m.group(5));
        if (startMonth.isEmpty() || endMonth.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate reference = LocalDate.ofInstant(published, ZoneOffset.UTC);
            LocalDate startDay = nearest(startMonth.get(), Integer.parseInt(m.group(2)), reference);
            LocalDateTime start = startDay.atTime(LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            LocalDate endDay = m.group(5) == null ? startDay : nearest(endMonth.get(), Integer.parseInt(m.group(6)), startDay);
            LocalDateTime end = endDay.atTime(LocalTime.of(Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8))));
            if (!end.isAfter(start)) {
                end = end.plusDays(1); // "23:00 - 02:00 UTC" runs past midnight
            }
            return Optional.of(new Schedule(start.toInstant(ZoneOffset.UTC), end.toInstant(ZoneOffset.UTC)));
        } catch (DateTimeException e) {
            return Optional.empty(); // "Feb 31", "25:00": no window rather than a wrong one
        }
    }

    private static String phase(String rawTitle, String text) {
        Matcher tagged = TAG_PHASE.matcher(tag(rawTitle));
        if (tagged.find()) {
            return tagged.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher m = PHASE.matcher(text);
        if (!m.find()) {
            return "";
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
    }

    private static String tag(String rawTitle) {
        return FeedText.tag(rawTitle);
    }

    private static LocalDate nearest(Month month, int day, LocalDate reference) {
        LocalDate best = null;
        for (int year = reference.getYear() - 1; year <= reference.getYear() + 1; year++) {
            LocalDate candidate = LocalDate.of(year, month, day);
            if (best == null || Math.abs(candidate.toEpochDay() - reference.toEpochDay())
                    < Math.abs(best.toEpochDay() - reference.toEpochDay())) {
                best = candidate;
            }
        }
        return best;
    }

    private static Optional<Month> month(String abbreviation) {
        for (Month month : Month.values()) {
            if (month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return Optional.of(month);
            }
        }
        return Optional.empty();
    }
}
