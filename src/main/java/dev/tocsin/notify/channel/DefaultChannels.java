package dev.tocsin.notify.channel;

import dev.tocsin.account.AccountCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Alerts work out of the box (product.md §5): a new account gets an email channel to its owner, routed
 * to every monitor. It receives alerts once the owner's address is verified; the verification mail the
 * owner gets at sign-up is its confirmation, so no second mail goes out.
 */
@ApplicationScoped
public class DefaultChannels {

    private final Channels channels;

    DefaultChannels(Channels channels) {
        this.channels = channels;
    }

    void onAccountCreated(@Observes AccountCreated created) {
        channels.createOwnersChannel(created.accountId(), created.ownerId(), created.ownerEmail());
    }
}
