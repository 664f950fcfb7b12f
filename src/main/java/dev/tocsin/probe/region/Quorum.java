package dev.tocsin.probe.region;

import dev.tocsin.monitor.MonitorStatus;
import dev.tocsin.probe.Confirmation;
import dev.tocsin.signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a monitor is when several regions probe it (product.md §2, "Regions"), as a pure function of each
 * region's confirmed view: DOWN or DEGRADED only when {@code quorum} regions see it so within one interval,
 * UP again as soon as fewer do. A region's view counts while its last run is at most {@link #freshness} old,
 * so a region whose nodes stopped neither holds an outage open nor helps confirm one.
 */
public final class Quorum {

    private Quorum() {
    }

    /** One region's confirmed view of the monitor, and why when it is not up. */
    public record View(String region, MonitorStatus status, Instant checkedAt, String cause, String reason, String remedy) {
    }

    /** The monitor's status and cause after this evaluation, and the change to signal, if any. */
    public record Verdict(MonitorStatus status, String cause, Optional<Confirmation.Change> change) {
    }

    /**
     * How old a region's last run may be and still count: one interval, plus half of one for scheduling
     * jitter (regions run on different phases, so the other regions' last runs are up to an interval old).
     */
    public static Duration freshness(int intervalSeconds) {
        return Duration.ofMillis(intervalSeconds * 1500L);
    }

    /**
     * @param views every region the monitor asks for, in its order
     * @param latest the region whose run is being recorded: its reason words a newly confirmed outage
     */
    public static Verdict judge(MonitorStatus current, String currentCause, List<View> views, int quorum, Duration freshness,
                                String latest, Instant now) {
        List<View> fresh = views.stream().filter(v -> v.checkedAt() != null && !v.checkedAt().isBefore(now.minus(freshness))).toList();
        List<View> bad = fresh.stream().filter(v -> isBad(v.status())).toList();
        List<View> down = bad.stream().filter(v -> v.status() == MonitorStatus.DOWN).toList();
        if (bad.size() >= quorum) {
            MonitorStatus seen = down.size() >= quorum ? MonitorStatus.DOWN : MonitorStatus.DEGRADED;
            if (isBad(current) && !(current == MonitorStatus.DEGRADED && seen == MonitorStatus.DOWN)) {
                return new Verdict(current, currentCause, Optional.empty());
            }
            View voice = (seen == MonitorStatus.DOWN ? down : bad).stream()
                    .max(Comparator.comparing((View v) -> v.region().equals(latest)).thenComparing(View::checkedAt)).orElseThrow();
            String reason = "From " + names(bad) + " (" + bad.size() + " of " + views.size() + " regions, quorum " + quorum + "): "
                    + voice.reason();
            Severity severity = seen == MonitorStatus.DOWN ? Severity.DOWN : Severity.DEGRADED;
            return new Verdict(seen, voice.cause(), Optional.of(new Confirmation.Change(severity, voice.cause(), reason, voice.remedy())));
        }
        long up = fresh.stream().filter(v -> v.status() == MonitorStatus.UP).count();
        // Recovery is seen by a region, never assumed from regions that have not answered yet.
        if (isBad(current) && up > 0) {
            String still = bad.isEmpty() ? "" : "; still failing from " + names(bad) + ", fewer than the quorum of " + quorum;
            return new Verdict(MonitorStatus.UP, currentCause, Optional.of(new Confirmation.Change(Severity.OK, currentCause,
                    "Responding normally again from " + up + " of " + views.size() + " regions" + still, null)));
        }
        if (current == MonitorStatus.PENDING && fresh.stream().anyMatch(v -> v.status() == MonitorStatus.UP)) {
            return new Verdict(MonitorStatus.UP, currentCause, Optional.empty());
        }
        return new Verdict(current, currentCause, Optional.empty());
    }

    /** "eu", "eu and us", "eu, us and ap". */
    static String names(List<View> views) {
        List<String> names = new ArrayList<>(views.stream().map(View::region).toList());
        if (names.size() <= 1) {
            return String.join("", names);
        }
        String last = names.remove(names.size() - 1);
        return String.join(", ", names) + " and " + last;
    }

    static boolean isBad(MonitorStatus status) {
        return status == MonitorStatus.DOWN || status == MonitorStatus.DEGRADED;
    }
}
