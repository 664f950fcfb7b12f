package dev.tocsin.api;

import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.probe.ProbeResults;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import dev.tocsin.platform.Instants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/monitors/{id}/results} and {@code /uptime}: what the probes of one monitor found. */
@Path("/api/v1/monitors/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResultsResource {

    private static final Map<String, Duration> WINDOWS = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7),
            "30d", Duration.ofDays(30));
    private static final int MAX_RESULTS = 1000;

    private final Monitors monitors;
    private final ProbeResults results;
    private final CurrentCaller caller;
    private final Clock clock;

    MonitorResultsResource(Monitors monitors, ProbeResults results, CurrentCaller caller, Clock clock) {
        this.monitors = monitors;
        this.results = results;
        this.caller = caller;
        this.clock = clock;
    }

    /** Results newest first; {@code from} defaults to 24 hours before {@code to}, which defaults to now. */
    @GET
    @Path("results")
    public Page<ProbeResults.Result> results(@PathParam("id") UUID id, @QueryParam("from") String from,
                                             @QueryParam("to") String to, @QueryParam("limit") Integer limit,
                                             @QueryParam("cursor") String cursor) {
        UUID monitor = monitors.get(caller.get().accountId(), id).id;
        Instant end = instant("to", to, clock.instant());
        Instant start = instant("from", from, end.minus(Duration.ofHours(24)));
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_RESULTS) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_RESULTS);
        }
        ProbeResults.After after = Page.cursor(cursor, (at, rowId) -> new ProbeResults.After(Instants.checked(Instant.parse(at)), Long.parseLong(rowId)));
        return Page.ofPositions(results.list(monitor, start, end, after, size + 1), size,
                r -> r.startedAt() + "|" + r.id(), r -> r);
    }

    @GET
    @Path("uptime")
    public ProbeResults.Uptime uptime(@PathParam("id") UUID id, @QueryParam("window") String window) {
        UUID monitor = monitors.get(caller.get().accountId(), id).id;
        Duration length = WINDOWS.get(window == null ? "24h" : window);
        if (length == null) {
            throw ProblemException.invalid("window", "must be one of 24h, 7d, 30d");
        }
        return results.uptime(monitor, length);
    }

    private static Instant instant(String field, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-11-29T10:00:00Z");
        }
        if (!Instants.accepted(parsed)) {
            throw ProblemException.invalid(field, Instants.RANGE);
        }
        return parsed;
    }
}
