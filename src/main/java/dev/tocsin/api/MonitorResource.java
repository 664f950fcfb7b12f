package dev.tocsin.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorDraft;
import dev.tocsin.monitor.MonitorPatch;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.platform.Keyset;
import dev.tocsin.platform.idempotency.Idempotency;
import dev.tocsin.platform.outbound.PublicTargets;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.statuspage.poll.PageDetection;
import dev.tocsin.probe.region.RegionViews;
import dev.tocsin.statuspage.poll.PageView;
import dev.tocsin.statuspage.poll.StatusPageSubscriptions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code /api/v1/monitors}: create, list, read, change, delete, pause and resume monitors. */
@Path("/api/v1/monitors")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    private final Monitors monitors;
    private final Idempotency idempotency;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final PageDetection detection;
    private final StatusPageSubscriptions pages;
    private final RegionViews regionViews;
    private final PublicTargets targets;

    MonitorResource(Monitors monitors, Idempotency idempotency, CurrentCaller caller, ObjectMapper json,
                    PageDetection detection, StatusPageSubscriptions pages, PublicTargets targets, RegionViews regionViews) {
        this.regionViews = regionViews;
        this.monitors = monitors;
        this.idempotency = idempotency;
        this.caller = caller;
        this.json = json;
        this.detection = detection;
        this.pages = pages;
        this.targets = targets;
    }

    @APIResponse(responseCode = "201", description = "Created (or, with a replayed Idempotency-Key, the first answer again with Idempotent-Replayed: true)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = MonitorView.class)))
    @APIResponse(responseCode = "403", description = "A read key, or the plan's monitor count or minimum interval would be exceeded (types read-only-key, plan-limit)")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed (type conflict)")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with another body, a status page of no supported platform, or a private address while those are refused (types idempotency-key-reused, unsupported-status-page, private-address)")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = MonitorDraft.class))) String body,
                           @HeaderParam("Idempotency-Key") String idempotencyKey) throws JsonProcessingException {
        UUID account = caller.get().accountId();
        MonitorDraft draft = read(body);
        targets.require("url", draft.url());
        detectStatusPage(draft);
        if (idempotencyKey == null) {
            Monitor created = monitors.create(account, draft);
            return Response.status(201).location(location(created.id)).entity(view(created)).build();
        }
        Idempotency.Stored stored = idempotency.execute(account, idempotencyKey, body, () -> {
            Monitor created = monitors.create(account, draft);
            try {
                return new Idempotency.Outcome(201, json.writeValueAsString(view(created)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        Response.ResponseBuilder answer = Response.status(stored.status()).entity(stored.body()).type(MediaType.APPLICATION_JSON);
        if (stored.status() == 201) {
            answer.location(location(UUID.fromString(json.readTree(stored.body()).path("id").asText())));
        }
        return stored.replayed() ? answer.header("Idempotent-Replayed", "true").build() : answer.build();
    }

    @GET
    public Page<MonitorView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        UUID account = caller.get().accountId();
        List<Monitor> fetched = monitors.list(account, Page.cursor(cursor), size + 1);
        List<UUID> ids = fetched.stream().map(m -> m.id).toList();
        Map<UUID, PageView> statusPages = pages.views(account, ids);
        Map<UUID, List<RegionViews.RegionStatus>> regions = regionViews.of(ids);
        return Page.of(fetched, size, m -> new Keyset(m.createdAt, m.id), m -> MonitorView.of(m, statusPages.get(m.id), regions.get(m.id)));
    }

    @GET
    @Path("{id}")
    public MonitorView get(@PathParam("id") UUID id) {
        return view(monitors.get(caller.get().accountId(), id));
    }

    /**
     * A merge patch: fields present replace the stored ones, absent fields stay. {@code "credential":
     * null} removes the credential of a monitor that does not need one.
     */
    @APIResponse(responseCode = "200", description = "The monitor as changed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = MonitorView.class)))
    @APIResponse(responseCode = "403", description = "A read key, or the plan would be exceeded (types read-only-key, plan-limit)")
    @APIResponse(responseCode = "422", description = "A status page of no supported platform, or a private address while those are refused (types unsupported-status-page, private-address)")
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{id}")
    public MonitorView patch(@PathParam("id") UUID id,
                             @RequestBody(content = @Content(schema = @Schema(implementation = MonitorDraft.class))) String body)
            throws JsonProcessingException {
        UUID account = caller.get().accountId();
        JsonNode change = json.readTree(body == null ? "" : body);
        if (change == null || !change.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with the fields to change");
        }
        json.treeToValue(change, MonitorDraft.class); // a field of the wrong type is a 400 naming it, before any lookup
        MonitorPatch patch = new MonitorPatch((ObjectNode) change, json);
        Monitor current = monitors.get(account, id);
        if (change.hasNonNull("url")) {
            targets.require("url", change.get("url").asText());
        }
        detectStatusPage(patch, current);
        return view(monitors.update(account, id, patch));
    }

    @APIResponse(responseCode = "204", description = "Deleted (also when it was already gone)")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        monitors.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/pause")
    public MonitorView pause(@PathParam("id") UUID id) {
        return view(monitors.setPaused(caller.get().accountId(), id, true));
    }

    @POST
    @Path("{id}/resume")
    public MonitorView resume(@PathParam("id") UUID id) {
        return view(monitors.setPaused(caller.get().accountId(), id, false));
    }

    /**
     * A statuspage monitor's platform is found before its transaction (it may fetch a few URLs); an
     * unsupported page is a 422 naming what was tried.
     */
    /** As on creation, when a change makes the monitor watch another status page. */
    private void detectStatusPage(MonitorPatch patch, Monitor current) {
        JsonNode change = patch.change();
        String type = change.path("type").isTextual() ? change.get("type").asText() : current.type.code();
        String url = change.path("url").isTextual() ? change.get("url").asText() : current.url;
        if ("statuspage".equals(type) && (change.has("url") || change.has("type"))) {
            detection.detect(url);
        }
    }

    private void detectStatusPage(MonitorDraft draft) {
        if (draft.type() == MonitorType.STATUSPAGE) {
            detection.detect(draft.url());
        }
    }

    private MonitorView view(Monitor monitor) {
        return MonitorView.of(monitor, pages.views(monitor.accountId, List.of(monitor.id)).get(monitor.id),
                regionViews.of(List.of(monitor.id)).get(monitor.id));
    }

    private MonitorDraft read(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must be a JSON object describing the monitor");
        }
        JsonNode tree = json.readTree(body);
        if (!tree.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object describing the monitor");
        }
        return json.treeToValue(tree, MonitorDraft.class);
    }

    private static java.net.URI location(UUID id) {
        return java.net.URI.create("/api/v1/monitors/" + id);
    }
}
