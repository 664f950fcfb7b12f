package dev.tocsin.web;

import dev.tocsin.account.KeyScope;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.account.keys.ApiKey;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.account.session.SignedIn;
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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The account's API keys: create (the secret is shown once, on this response only) and revoke. */
@Path("/app/api-keys")
@Produces(MediaType.TEXT_HTML)
public class ApiKeysPage {

    private final ApiKeys keys;
    private final WebAuth auth;
    private final Forms forms;

    ApiKeysPage(ApiKeys keys, WebAuth auth, Forms forms) {
        this.keys = keys;
        this.auth = auth;
        this.forms = forms;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance apiKeys(SignedIn me, List<ApiKey> keys, String secret, String error, String notice, String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        return Templates.apiKeys(me, keys.list(me.account().id), null, null, Notices.text(notice), forms.token());
    }

    @POST
    public Response create(@RestForm String name, @RestForm String scope, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = writer();
        String trimmed = name == null ? "" : name.strip();
        KeyScope parsed = "read".equals(scope) ? KeyScope.READ : "write".equals(scope) ? KeyScope.WRITE : null;
        if (trimmed.isEmpty() || trimmed.length() > 100 || parsed == null) {
            return Response.status(400).entity(Templates.apiKeys(me, keys.list(me.account().id), null,
                    "Give the key a name (up to 100 characters) and choose read or write.", null, forms.token())).build();
        }
        ApiKeys.Created created = keys.create(me.account().id, AuditLog.Actor.user(me.user().id, auth.clientIp()), trimmed, parsed);
        return Response.ok(Templates.apiKeys(me, keys.list(me.account().id), created.secret(), null, null, forms.token())).build();
    }

    @POST
    @Path("{id}/revoke")
    public Response revoke(@PathParam("id") UUID id, @RestForm String csrf) {
        forms.verify(csrf);
        SignedIn me = writer();
        keys.revoke(me.account().id, id, AuditLog.Actor.user(me.user().id, auth.clientIp()), me.role());
        return Response.seeOther(URI.create("/app/api-keys?notice=key-revoked")).build();
    }

    private SignedIn writer() {
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look but not change API keys.");
        }
        return me;
    }
}
