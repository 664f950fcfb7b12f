package dev.tocsin.api;

import dev.tocsin.account.audit.AuditEvent;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.platform.Keyset;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/v1/audit-events}: who did what in the account, newest first. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;
    private final CurrentCaller caller;

    AuditResource(AuditLog audit, CurrentCaller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    public record EventView(UUID id, String action, String target, UUID actorUserId, UUID actorKeyId, String ip, Instant createdAt) {
        static EventView of(AuditEvent e) {
            return new EventView(e.id, e.action, e.target, e.actorUserId, e.actorKeyId, e.ip, e.createdAt);
        }
    }

    @GET
    public Page<EventView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(audit.recent(caller.get().accountId(), Page.cursor(cursor), size + 1), size,
                e -> new Keyset(e.createdAt, e.id), EventView::of);
    }
}
