package dev.tocsin.statuspage;

import dev.tocsin.statuspage.VendorIncident.Impact;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One feed item as published; whether it is an incident or a maintenance is decided after ({@link FeedMaintenance}). */
record FeedEntry(String id, String rawTitle, String text, Instant updatedAt, URI link) {

    VendorIncident incident() {
        return new VendorIncident(id, FeedText.title(rawTitle), FeedText.status(rawTitle, text), Impact.UNKNOWN, List.of(),
                updatedAt, text, link);
    }

    /**
     * The window the item states; one that is running but does not say when starts now (null), while an
     * announcement that does not say when gives no window yet: its "In progress" update will. An undated
     * item cannot place Statuspage's year-less schedule, so it states none.
     */
    Optional<Maintenance> maintenance(boolean running) {
        Optional<FeedMaintenance.Schedule> stated = updatedAt == null ? Optional.empty() : FeedMaintenance.schedule(text, updatedAt);
        if (stated.isEmpty() && !running) {
            return Optional.empty();
        }
        return Optional.of(new Maintenance(id, FeedText.title(rawTitle), stated.map(FeedMaintenance.Schedule::startsAt).orElse(null),
                stated.map(FeedMaintenance.Schedule::endsAt).orElse(null), List.of()));
    }
}
