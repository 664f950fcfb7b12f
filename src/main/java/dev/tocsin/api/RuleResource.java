package dev.tocsin.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.platform.Keyset;
import dev.tocsin.usage.UsageRule;
import dev.tocsin.usage.UsageRules;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/rules}: rules over the customer's own calls (status-rate, latency, fallback-rate, spend). */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

    private final UsageRules rules;
    private final CurrentCaller caller;

    RuleResource(UsageRules rules, CurrentCaller caller) {
        this.rules = rules;
        this.caller = caller;
    }

    /** A rule as the API shows it: the common fields, the kind's own settings flattened in, and its breaches. */
    static Map<String, Object> view(UsageRule r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id);
        v.put("name", r.name);
        v.put("kind", r.kind);
        v.put("provider", r.provider);
        v.put("model", r.model);
        v.put("windowSeconds", r.windowSeconds);
        v.put("minCalls", r.minCalls);
        v.putAll(r.settings);
        v.put("breaches", r.breached.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.of("provider", e.getKey(), "since", Instant.parse(e.getValue()))).toList());
        v.put("createdAt", r.createdAt);
        v.put("updatedAt", r.updatedAt);
        return v;
    }

    @GET
    public Page<Map<String, Object>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        List<UsageRule> found = rules.list(caller.get().accountId(), Page.cursor(cursor), size + 1);
        return Page.of(found, size, r -> new Keyset(r.createdAt, r.id), RuleResource::view);
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") UUID id) {
        return view(rules.get(caller.get().accountId(), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        UsageRule r = rules.create(caller.get().accountId(), body);
        return Response.created(URI.create("/api/v1/rules/" + r.id)).entity(view(r)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") UUID id, JsonNode body) {
        return view(rules.update(caller.get().accountId(), id, body));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        rules.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }
}
