package dev.tocsin.notify;

import dev.tocsin.account.AccountCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Alerts work out of the box (product.md §5): a new account gets an email channel to its owner, routed
 * to every monitor. It receives alerts once the owner's address is verified.
 */
@ApplicationScoped
public class DefaultChannels {

    private final Clock clock;

    DefaultChannels(Clock clock) {
        this.clock = clock;
    }

    void onAccountCreated(@Observes AccountCreated created) {
        Instant now = clock.instant();
        Channel channel = new Channel();
        channel.id = UUID.randomUUID();
        channel.accountId = created.accountId();
        channel.name = "Email to " + created.ownerEmail();
        channel.type = "email";
        channel.target = created.ownerEmail();
        channel.enabled = true;
        channel.createdBy = created.ownerId();
        channel.createdAt = now;
        channel.updatedAt = now;
        channel.persist();
        Route route = new Route();
        route.id = UUID.randomUUID();
        route.accountId = created.accountId();
        route.channelId = channel.id;
        route.monitorIds = List.of();
        route.providers = List.of();
        route.tags = List.of();
        route.minSeverity = "degraded";
        route.reminderSeconds = Route.DEFAULT_REMINDER_SECONDS;
        route.createdAt = now;
        route.persist();
    }
}
