package dev.tocsin.web;

import dev.tocsin.account.Role;
import dev.tocsin.account.session.SignedIn;
import dev.tocsin.billing.BillingService;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/** {@code /app/billing}: plan, state, limits, what billing paused, and the ways to pay (owners). Absent while billing is off. */
@Path("/app/billing")
@Produces(MediaType.TEXT_HTML)
public class BillingPage {

    private final BillingService billing;
    private final WebAuth auth;
    private final Forms forms;

    BillingPage(BillingService billing, WebAuth auth, Forms forms) {
        this.billing = billing;
        this.auth = auth;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance billing(SignedIn me, BillingService.View view, boolean owner, String notice, String error, String csrf);
    }

    @GET
    public TemplateInstance show(@QueryParam("checkout") String checkout) {
        SignedIn me = requireBilling();
        String notice = "success".equals(checkout) ? Notices.text("checkout-success")
                : "canceled".equals(checkout) ? Notices.text("checkout-canceled") : null;
        return page(me, notice, null);
    }

    @POST
    @Path("checkout")
    public Response checkout(@RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = requireBilling();
        try {
            return Response.seeOther(URI.create(billing.checkout(me.account().id, me.role(), me.account().name, me.user().email))).build();
        } catch (ProblemException e) {
            return Response.status(e.toProblem().status()).entity(page(me, null, e.toProblem().detail())).build();
        }
    }

    @POST
    @Path("portal")
    public Response portal(@RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = requireBilling();
        try {
            return Response.seeOther(URI.create(billing.portal(me.account().id, me.role()))).build();
        } catch (ProblemException e) {
            return Response.status(e.toProblem().status()).entity(page(me, null, e.toProblem().detail())).build();
        }
    }

    private TemplateInstance page(SignedIn me, String notice, String error) {
        return Templates.billing(me, billing.view(me.account().id), me.role() == Role.OWNER, notice, error, forms.token());
    }

    private SignedIn requireBilling() {
        SignedIn me = auth.require();
        if (!billing.enabled()) {
            throw new NotFoundException();
        }
        return me;
    }
}
