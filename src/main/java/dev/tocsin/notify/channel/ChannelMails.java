package dev.tocsin.notify.channel;

import dev.tocsin.platform.mail.MailOutbox;
import dev.tocsin.platform.mail.MailTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The confirmation mail of an email channel, queued in the mail outbox in the transaction that stores the
 * channel: a channel that fails to save sends nothing, the link waits encrypted, and a mail server that is
 * down is tried again. One mail per change of the channel, however many nodes try.
 */
@ApplicationScoped
public class ChannelMails {

    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final ChannelLinks links;

    ChannelMails(MailOutbox outbox, MailTemplates templates, ChannelLinks links) {
        this.outbox = outbox;
        this.templates = templates;
        this.links = links;
    }

    /** Queues the confirmation of the channel's current address; sent once the caller's transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queueConfirmation(Channel channel) {
        String dedup = "channel.confirm:" + channel.id + ":" + channel.updatedAt.truncatedTo(ChronoUnit.MICROS);
        return outbox.enqueue(templates.render("AlertMails/confirmChannel", channel.target, "Confirm Tocsin alerts to " + channel.target,
                Map.of("target", channel.target, "link", links.confirmUrl(channel)), Map.of()), "channel.confirm", channel.accountId, dedup);
    }
}
