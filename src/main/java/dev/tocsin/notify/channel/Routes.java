package dev.tocsin.notify.channel;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.problem.Problem.FieldError;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An account's routes: which channels receive which monitors' incidents (all, by monitor, by provider,
 * by tag), from which severity, with which reminder interval. Every id a route names must be the account's.
 */
@ApplicationScoped
public class Routes {

    private static final int MAX_SELECTORS = 100;

    private final Channels channels;
    private final Catalog catalog;
    private final Clock clock;

    Routes(Channels channels, Catalog catalog, Clock clock) {
        this.channels = channels;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A route as a client describes it; on a change, absent (null) fields stay as they are. */
    public record Draft(UUID channelId, List<UUID> monitorIds, List<String> providers, List<String> tags, String minSeverity,
                        Integer reminderSeconds) {
    }

    @Transactional
    public Route create(UUID accountId, Draft d) {
        if (d.channelId() == null) {
            throw ProblemException.invalid("channelId", "is required: the channel that receives the alerts");
        }
        Route r = Route.toEverything(accountId, d.channelId(), clock.instant());
        apply(accountId, r, d);
        r.persist();
        return r;
    }

    @Transactional
    public Route update(UUID accountId, UUID id, Draft d) {
        Route r = get(accountId, id);
        apply(accountId, r, d);
        return r;
    }

    @Transactional
    public void delete(UUID accountId, UUID id) {
        get(accountId, id).delete();
    }

    public Optional<Route> find(UUID accountId, UUID id) {
        return Route.find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    public Route get(UUID accountId, UUID id) {
        return find(accountId, id).orElseThrow(() -> ProblemException.notFound("No route " + id + "."));
    }

    public List<Route> list(UUID accountId, Keyset after, int limit) {
        return Keyset.newestFirst((q, p) -> Route.find(q, p), accountId, after, limit);
    }

    private void apply(UUID accountId, Route r, Draft d) {
        List<FieldError> errors = new ArrayList<>();
        UUID channel = d.channelId() != null ? d.channelId() : r.channelId;
        if (channels.find(accountId, channel).isEmpty()) {
            errors.add(new FieldError("channelId", "is not a channel of this account"));
        }
        List<UUID> monitors = d.monitorIds() != null ? d.monitorIds() : r.monitorIds;
        List<String> providers = d.providers() != null ? d.providers() : r.providers;
        List<String> tags = d.tags() != null ? d.tags() : r.tags;
        atMost(errors, "monitorIds", monitors);
        atMost(errors, "providers", providers);
        atMost(errors, "tags", tags);
        if (monitors.stream().anyMatch(m -> m == null)
                || !monitors.isEmpty() && Monitor.count("accountId = ?1 and id in ?2", accountId, monitors) != monitors.stream().distinct().count()) {
            errors.add(new FieldError("monitorIds", "must all be monitors of this account"));
        }
        for (String provider : providers) {
            if (provider == null || catalog.find(provider).isEmpty()) {
                errors.add(new FieldError("providers", "\"" + provider + "\" is not in the catalog; GET /api/v1/providers lists them"));
            }
        }
        if (tags.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 200)) {
            errors.add(new FieldError("tags", "must be 1 to 200 characters each"));
        }
        String severity = d.minSeverity() != null ? d.minSeverity() : r.minSeverity;
        if (!severity.equals("degraded") && !severity.equals("down")) {
            errors.add(new FieldError("minSeverity", "must be degraded or down"));
        }
        int reminder = d.reminderSeconds() != null ? d.reminderSeconds() : r.reminderSeconds;
        if (reminder != 0 && (reminder < 600 || reminder > 604_800)) {
            errors.add(new FieldError("reminderSeconds", "must be 0 (no reminders) or between 600 and 604800"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request", errors.stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        r.channelId = channel;
        r.monitorIds = monitors.stream().distinct().toList();
        r.providers = providers.stream().distinct().toList();
        r.tags = tags.stream().map(String::strip).distinct().toList();
        r.minSeverity = severity;
        r.reminderSeconds = reminder;
    }

    private static void atMost(List<FieldError> errors, String field, List<?> entries) {
        if (entries.size() > MAX_SELECTORS) {
            errors.add(new FieldError(field, "takes at most " + MAX_SELECTORS + " entries"));
        }
    }
}
