package dev.tocsin.notify.channel;

import dev.tocsin.platform.mail.MailSender;
import dev.tocsin.platform.mail.MailTemplates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** The confirmation mail of a new email channel, sent after the channel is stored. */
@ApplicationScoped
public class ChannelMails {

    private static final Logger LOG = Logger.getLogger(ChannelMails.class);

    private final MailSender mail;
    private final MailTemplates templates;
    private final ChannelLinks links;

    ChannelMails(MailSender mail, MailTemplates templates, ChannelLinks links) {
        this.mail = mail;
        this.templates = templates;
        this.links = links;
    }

    /** Returns whether the mail went out; the channel stays unconfirmed either way until the link is used. */
    public boolean sendConfirmation(Channel channel) {
        try {
            mail.send(templates.render("AlertMails/confirmChannel", channel.target, "Confirm Tocsin alerts to " + channel.target,
                    Map.of("target", channel.target, "link", links.confirmUrl(channel)), Map.of()));
            return true;
        } catch (MailSender.MailException e) {
            LOG.warnf("Could not send the confirmation of channel %s", channel.id);
            return false;
        }
    }
}
