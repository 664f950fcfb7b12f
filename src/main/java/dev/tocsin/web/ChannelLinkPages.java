package dev.tocsin.web;

import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.ChannelLinks;
import dev.tocsin.platform.security.SignedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Where the links of channel mails land, without sign-in: confirming an address, and stopping alerts.
 * Each GET only shows a button, so mail scanners that open links change nothing. The unsubscribe POST
 * also takes RFC 8058 one-click requests ({@code List-Unsubscribe=One-Click}) from mail clients, which
 * carry no form token: the signed link is the proof there.
 */
@Path("/channels/{id}")
@Produces(MediaType.TEXT_HTML)
public class ChannelLinkPages {

    private final ChannelLinks links;
    private final Forms forms;

    ChannelLinkPages(ChannelLinks links, Forms forms) {
        this.links = links;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ask(String csrf, String token, Channel channel, String action, String question, String button);

        static native TemplateInstance done(Channel channel, String message);
    }

    @GET
    @Path("confirm")
    public TemplateInstance askConfirm(@PathParam("id") UUID id, @QueryParam("token") String token) {
        Channel channel = links.channelOf(SignedLinks.Purpose.CONFIRM_CHANNEL, id, token);
        return Templates.ask(forms.token(), token, channel, "confirm",
                "Send the alerts of this Tocsin account to " + channel.target + "?", "Yes, send me alerts");
    }

    @POST
    @Path("confirm")
    public TemplateInstance confirm(@PathParam("id") UUID id, @RestForm String token, @RestForm String csrf) {
        forms.verify(csrf);
        Channel channel = links.confirm(id, token);
        return Templates.done(channel, "Confirmed: alerts of this account now reach " + channel.target + ".");
    }

    @GET
    @Path("unsubscribe")
    public TemplateInstance askUnsubscribe(@PathParam("id") UUID id, @QueryParam("token") String token) {
        Channel channel = links.channelOf(SignedLinks.Purpose.UNSUBSCRIBE, id, token);
        return Templates.ask(forms.token(), token, channel, "unsubscribe",
                "Stop sending this Tocsin account's alerts to " + channel.target + "?", "Stop these alerts");
    }

    @POST
    @Path("unsubscribe")
    public TemplateInstance unsubscribe(@PathParam("id") UUID id, @QueryParam("token") String queryToken,
                                        @RestForm String token, @RestForm String csrf,
                                        @RestForm("List-Unsubscribe") String oneClick) {
        if (!"One-Click".equals(oneClick)) {
            forms.verify(csrf);
        }
        Channel channel = links.unsubscribe(id, token != null ? token : queryToken);
        return Templates.done(channel, "Done: " + channel.target + " no longer receives this account's alerts. "
                + "An owner can enable the channel again in Tocsin.");
    }
}
