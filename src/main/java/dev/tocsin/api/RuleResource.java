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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

    /** A rule as sent: the common fields and the settings of its kind (docs/usage.md). */
    @Schema(name = "UsageRuleInput")
    public record RuleInput(String name, @Schema(enumeration = {"status-rate", "latency", "fallback-rate", "spend"}) String kind,
                            String provider, String model, Integer windowSeconds, Integer minCalls, List<Integer> status,
                            @Schema(enumeration = {"4xx", "5xx", "transport"}) String statusClass, Double threshold,
                            @Schema(enumeration = {"latencyMs", "ttftMs"}) String metric, Double percentile, Integer thresholdMs,
                            @Schema(enumeration = {"day"}) String period, java.math.BigDecimal thresholdUsd) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = RuleInput.class))) JsonNode body) {
        UsageRule r = rules.create(caller.get().accountId(), body);
        return Response.created(URI.create("/api/v1/rules/" + r.id)).entity(view(r)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") UUID id,
                                      @RequestBody(content = @Content(schema = @Schema(implementation = RuleInput.class))) JsonNode body) {
        return view(rules.update(caller.get().accountId(), id, body));
    }

    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        rules.delete(caller.get().accountId(), id);
        return Response.noContent().build();
    }
}
