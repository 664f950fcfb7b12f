package dev.tocsin.web;

import dev.tocsin.account.AccountMails;
import dev.tocsin.account.Role;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.account.session.SignedIn;
import dev.tocsin.account.team.Members;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The people of the account: invite by email, change roles, remove. */
@Path("/app/members")
@Produces(MediaType.TEXT_HTML)
public class MembersPage {

    private final Members members;
    private final AccountMails mails;
    private final WebAuth auth;
    private final Forms forms;

    MembersPage(Members members, AccountMails mails, WebAuth auth, Forms forms) {
        this.members = members;
        this.mails = mails;
        this.auth = auth;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance members(SignedIn me, List<Members.Member> members, String notice, String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        return Templates.members(me, members.list(me.account().id), Notices.text(notice), forms.token());
    }

    @POST
    @Path("invite")
    public Response invite(@RestForm String email, @RestForm String role, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        Members.Invited invited = members.invite(me.account().id, me.role(), actor(me), email, role(role));
        mails.sendInvitation(invited.invitation().email, invited.token(), me.account().name, invited.invitation().role,
                invited.invitation().expiresAt);
        return Response.seeOther(URI.create("/app/members?notice=invited")).build();
    }

    @POST
    @Path("{userId}/role")
    public Response changeRole(@PathParam("userId") UUID userId, @RestForm String role, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        members.changeRole(me.account().id, me.role(), actor(me), userId, role(role));
        return Response.seeOther(URI.create("/app/members?notice=role-changed")).build();
    }

    @POST
    @Path("{userId}/remove")
    public Response remove(@PathParam("userId") UUID userId, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        members.remove(me.account().id, me.role(), actor(me), userId);
        return Response.seeOther(URI.create("/app/members?notice=member-removed")).build();
    }

    private AuditLog.Actor actor(SignedIn me) {
        return AuditLog.Actor.user(me.user().id, auth.clientIp());
    }

    private static Role role(String code) {
        try {
            return Role.valueOf(code == null ? "" : code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("role", "must be one of owner, admin, member, viewer");
        }
    }
}
