package dev.tocsin.statuspage.poll;

import dev.tocsin.catalog.StatusPlatform;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims due pages for this node, as {@code probe.ProbeClaims} does for probes: one short transaction
 * selects due rows with {@code FOR UPDATE SKIP LOCKED} and moves them to their next slot, so however many
 * nodes and accounts there are, each page is fetched once per interval. Only pages some active monitor
 * watches are claimed; the others stay where they are until someone subscribes again.
 */
@ApplicationScoped
class PageClaims {

    /** A page this node is to fetch now, with the validators of the snapshot it holds. */
    record ClaimedPage(UUID id, StatusPlatform platform, URI fetchUrl, String etag, String lastModified) {
    }

    private static final String CLAIM = """
            with due as (
                select p.id from status_pages p
                where p.next_poll_at <= ?
                  and exists (select 1 from status_page_subscriptions s join monitors m on m.id = s.monitor_id
                              where s.page_id = p.id and not m.paused and (?::uuid is null or m.account_id = ?::uuid))
                order by p.next_poll_at
                limit ?
                for update of p skip locked)
            update status_pages p set next_poll_at = ?::timestamptz + make_interval(secs => ?)
            from due where p.id = due.id
            returning p.id, p.platform, p.fetch_url, p.etag, p.last_modified""";

    private final DataSource dataSource;

    PageClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param onlyAccount when not null, only pages that account watches (tests share one database) */
    List<ClaimedPage> claim(Instant now, Duration interval, int limit, UUID onlyAccount) {
        // Its own short transaction: the claim must commit before the fetches, which take seconds.
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setTimestamp(1, Timestamp.from(now));
                claim.setObject(2, onlyAccount);
                claim.setObject(3, onlyAccount);
                claim.setInt(4, limit);
                claim.setTimestamp(5, Timestamp.from(now));
                claim.setLong(6, interval.toSeconds());
                List<ClaimedPage> claimed = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new ClaimedPage(rs.getObject(1, UUID.class),
                                StatusPlatform.fromCode(rs.getString(2)).orElseThrow(), URI.create(rs.getString(3)),
                                rs.getString(4), rs.getString(5)));
                    }
                }
                return claimed;
            }
        });
    }
}
