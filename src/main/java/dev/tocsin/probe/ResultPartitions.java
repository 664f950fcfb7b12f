package dev.tocsin.probe;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily partitions of raw results and 5-minute rollups (V20 describes their layout). Creating them is
 * the database function {@code probe_partitions_ensure}, safe when nodes race; this class remembers the
 * days it has seen created so that writing a batch costs no statement, and drops whole partitions for
 * retention. A drop waits at most {@link #LOCK_TIMEOUT} for writers and is tried again on the next run.
 */
@ApplicationScoped
public class ResultPartitions {

    static final String LOCK_TIMEOUT = "2s";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern RESULT_PART = Pattern.compile("probe_results_p(\\d{8})(?:_h(\\d{2}))?");
    private static final Pattern ROLLUP_PART = Pattern.compile("probe_rollups_5m_p(\\d{8})");

    private final EntityManager em;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    ResultPartitions(EntityManager em) {
        this.em = em;
    }

    public static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Makes sure the partitions of these days exist; a day seen before costs nothing. */
    public void ensure(Collection<LocalDate> days) {
        List<LocalDate> missing = days.stream().distinct().filter(d -> !known.contains(d)).toList();
        if (missing.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (LocalDate d : missing) {
                em.createNativeQuery("select probe_partitions_ensure(cast(?1 as date))").setParameter(1, d).getSingleResult();
            }
        });
        known.addAll(missing);
    }

    /** Forgets what was seen: after a write found a partition missing (dropped since, or by another node). */
    void forget() {
        known.clear();
    }

    /** What one retention pass dropped. */
    public record Dropped(int days, int healthySlices, int rollupDays) {
    }

    /**
     * Drops the daily partitions that end at or before {@code rawBefore} (every run of the day), the 6-hour
     * partitions of healthy runs that end at or before {@code healthyBefore}, and the 5-minute rollups'
     * days that end at or before {@code rollupsBefore}.
     */
    public Dropped drop(Instant rawBefore, Instant healthyBefore, Instant rollupsBefore) {
        int days = 0;
        int slices = 0;
        for (String name : children("probe_results")) {
            Matcher m = RESULT_PART.matcher(name);
            if (m.matches() && end(m.group(1), 24).compareTo(rawBefore) <= 0 && dropTable(name)) {
                known.remove(LocalDate.parse(m.group(1), DAY));
                days++;
            }
        }
        for (String name : healthySlices()) {
            Matcher m = RESULT_PART.matcher(name);
            if (m.matches() && m.group(2) != null && end(m.group(1), Integer.parseInt(m.group(2)) + 6).compareTo(healthyBefore) <= 0
                    && dropTable(name)) {
                known.remove(LocalDate.parse(m.group(1), DAY));
                slices++;
            }
        }
        int rollups = 0;
        for (String name : children("probe_rollups_5m")) {
            Matcher m = ROLLUP_PART.matcher(name);
            if (m.matches() && end(m.group(1), 24).compareTo(rollupsBefore) <= 0 && dropTable(name)) {
                known.remove(LocalDate.parse(m.group(1), DAY));
                rollups++;
            }
        }
        return new Dropped(days, slices, rollups);
    }

    private static Instant end(String day, int hours) {
        return LocalDate.parse(day, DAY).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(hours * 3600L);
    }

    private List<String> children(String parent) {
        return QuarkusTransaction.requiringNew().call(() -> strings(em.createNativeQuery("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = to_regclass(?1) order by c.relname""", String.class).setParameter(1, parent).getResultList()));
    }

    private List<String> healthySlices() {
        return QuarkusTransaction.requiringNew().call(() -> strings(em.createNativeQuery("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
                where p.relname like 'probe\\_results\\_p%\\_brief' order by c.relname""", String.class).getResultList()));
    }

    private static List<String> strings(List<?> rows) {
        List<String> names = new ArrayList<>(rows.size());
        rows.forEach(r -> names.add((String) r));
        return names;
    }

    /** Drops one partition in its own short transaction; false if writers held it past the lock timeout. */
    private boolean dropTable(String name) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("set local lock_timeout = '" + LOCK_TIMEOUT + "'").executeUpdate();
                // The name comes from pg_class and matched a strict pattern above.
                em.createNativeQuery("drop table if exists " + name).executeUpdate();
            });
            return true;
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(ResultPartitions.class).warnf("Partition %s not dropped this time: %s", name,
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
