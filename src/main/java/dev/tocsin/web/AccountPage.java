package dev.tocsin.web;

import dev.tocsin.account.AccountService;
import dev.tocsin.account.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/** Account settings; for now the one irreversible action, deleting the account, owners only. */
@Path("/app/account")
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    private final AccountService accounts;
    private final WebAuth auth;
    private final Forms forms;

    AccountPage(AccountService accounts, WebAuth auth, Forms forms) {
        this.accounts = accounts;
        this.auth = auth;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(SignedIn me, String csrf);
    }

    @GET
    public TemplateInstance show() {
        return Templates.account(auth.require(), forms.token());
    }

    @POST
    @Path("delete")
    public Response delete(@RestForm String confirm, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        accounts.deleteAccount(me.account().id, me.role(), confirm);
        return Response.seeOther(URI.create("/")).cookie(auth.clearedSessionCookie()).build();
    }
}
