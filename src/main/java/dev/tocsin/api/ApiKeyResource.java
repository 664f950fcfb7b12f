package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.tocsin.account.Caller;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.account.keys.ApiKey;
import dev.tocsin.account.keys.ApiKeys;
import dev.tocsin.platform.Keyset;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** {@code /api/v1/api-keys}: list, create (the secret is in the creation response only), revoke. */
@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeys keys;
    private final CurrentCaller caller;
    private final ClientAddress address;

    ApiKeyResource(ApiKeys keys, CurrentCaller caller, ClientAddress address) {
        this.keys = keys;
        this.caller = caller;
        this.address = address;
    }

    public record CreateKey(@NotBlank @Size(max = 100) String name, @NotNull KeyScope scope) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(UUID id, String name, String prefix, KeyScope scope, Instant createdAt, Instant lastUsedAt,
                          Instant revokedAt, String secret) {
        static KeyView of(ApiKey key, String secret) {
            return new KeyView(key.id, key.name, key.prefix, key.scope, key.createdAt, key.lastUsedAt, key.revokedAt, secret);
        }
    }

    @GET
    public Page<KeyView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(keys.list(caller.get().accountId(), Page.cursor(cursor), size + 1), size,
                k -> new Keyset(k.createdAt, k.id), k -> KeyView.of(k, null));
    }

    @APIResponse(responseCode = "201", description = "Created; secret is in this answer only", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyView.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull CreateKey body) {
        Caller me = caller.get();
        ApiKeys.Created created = keys.create(me.accountId(), actor(me), body.name(), body.scope());
        return Response.created(URI.create("/api/v1/api-keys/" + created.key().id))
                .entity(KeyView.of(created.key(), created.secret()))
                .build();
    }

    @APIResponse(responseCode = "204", description = "Revoked (revoking twice is harmless)")
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") UUID id) {
        Caller me = caller.get();
        keys.revoke(me.accountId(), id, actor(me), me.role());
        return Response.noContent().build();
    }

    private AuditLog.Actor actor(Caller me) {
        return new AuditLog.Actor(me.userId(), me.keyId(), address.ip());
    }
}
