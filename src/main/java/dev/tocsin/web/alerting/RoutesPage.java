package dev.tocsin.web.alerting;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.Monitors;
import dev.tocsin.notify.channel.Channel;
import dev.tocsin.notify.channel.Channels;
import dev.tocsin.notify.channel.Route;
import dev.tocsin.notify.channel.Routes;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.web.Forms;
import dev.tocsin.web.Notices;
import dev.tocsin.web.WebAuth;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/** Routes: which channels get which monitors' incidents, listed, added, changed and deleted through {@link Routes}. */
@Path("/app/routes")
@Produces(MediaType.TEXT_HTML)
public class RoutesPage {

    private static final int SHOWN = 200;

    private final WebAuth auth;
    private final Forms forms;
    private final Routes routes;
    private final Channels channels;
    private final Monitors monitors;
    private final Catalog catalog;

    RoutesPage(WebAuth auth, Forms forms, Routes routes, Channels channels, Monitors monitors, Catalog catalog) {
        this.auth = auth;
        this.forms = forms;
        this.routes = routes;
        this.channels = channels;
        this.monitors = monitors;
        this.catalog = catalog;
    }

    /** The route form as posted; reminders in minutes, as people think of them. */
    public record Form(UUID channelId, List<UUID> monitorIds, List<String> providers, String tags, String minSeverity,
                       String reminderMinutes) {
        static Form of(Route r) {
            return new Form(r.channelId, r.monitorIds, r.providers, String.join(", ", r.tags), r.minSeverity,
                    String.valueOf(r.reminderSeconds / 60));
        }

        static Form empty() {
            return new Form(null, List.of(), List.of(), "", "degraded", String.valueOf(Route.DEFAULT_REMINDER_SECONDS / 60));
        }
    }

    /** A route as the list shows it: its channel by name and its scope in words. */
    public record Row(Route route, String channel, String scope) {
        public int reminderMinutes() {
            return route.reminderSeconds / 60;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance routes(SignedIn me, List<Row> routes, List<Channel> channels, List<Monitor> monitors,
                                              List<Provider> providers, Form form, Map<String, String> errors, String notice, String csrf);

        static native TemplateInstance edit(SignedIn me, Route route, List<Channel> channels, List<Monitor> monitors,
                                            List<Provider> providers, Form form, Map<String, String> errors, String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        return page(me, Form.empty(), Map.of(), Notices.text(notice));
    }

    @POST
    public Response add(@RestForm UUID channelId, @RestForm List<UUID> monitorIds, @RestForm List<String> providers,
                        @RestForm String tags, @RestForm String minSeverity, @RestForm String reminderMinutes, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        Form form = new Form(channelId, monitorIds, providers, tags, minSeverity, reminderMinutes);
        Map<String, String> errors = new LinkedHashMap<>();
        Routes.Draft draft = draft(form, errors);
        if (errors.isEmpty()) {
            try {
                routes.create(me.account().id, draft);
                return Response.seeOther(URI.create("/app/routes?notice=route-saved")).build();
            } catch (ProblemException e) {
                errors.putAll(FieldErrors.of(e, LABELS));
            }
        }
        return Response.status(400).entity(page(me, form, errors, null)).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance edit(@PathParam("id") UUID id) {
        SignedIn me = auth.require();
        Route route = routes.get(me.account().id, id);
        return Templates.edit(me, route, channels(me), monitors(me), catalog.all(), Form.of(route), Map.of(), forms.token());
    }

    @POST
    @Path("{id}")
    public Response save(@PathParam("id") UUID id, @RestForm UUID channelId, @RestForm List<UUID> monitorIds,
                         @RestForm List<String> providers, @RestForm String tags, @RestForm String minSeverity,
                         @RestForm String reminderMinutes, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        Route route = routes.get(me.account().id, id);
        Form form = new Form(channelId, monitorIds, providers, tags, minSeverity, reminderMinutes);
        Map<String, String> errors = new LinkedHashMap<>();
        Routes.Draft draft = draft(form, errors);
        if (errors.isEmpty()) {
            try {
                routes.update(me.account().id, id, draft);
                return Response.seeOther(URI.create("/app/routes?notice=route-saved")).build();
            } catch (ProblemException e) {
                errors.putAll(FieldErrors.of(e, LABELS));
            }
        }
        return Response.status(400).entity(Templates.edit(me, route, channels(me), monitors(me), catalog.all(), form, errors,
                forms.token())).build();
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        routes.delete(me.account().id, id);
        return Response.seeOther(URI.create("/app/routes?notice=route-deleted")).build();
    }

    private static final Map<String, String> LABELS = Map.of("channelId", "Channel", "monitorIds", "Monitors", "providers",
            "Providers", "tags", "Tags", "minSeverity", "Minimum severity", "reminderSeconds", "Reminder");

    private static Routes.Draft draft(Form f, Map<String, String> errors) {
        Integer reminder = null;
        try {
            reminder = f.reminderMinutes() == null || f.reminderMinutes().isBlank() ? 0 : Integer.parseInt(f.reminderMinutes().strip()) * 60;
        } catch (NumberFormatException e) {
            errors.put("reminderMinutes", "Reminder must be a whole number of minutes (0 for none)");
        }
        if (f.channelId() == null) {
            errors.put("channelId", "Channel is required: choose where the alerts go");
        }
        List<String> tags = f.tags() == null ? List.of()
                : Arrays.stream(f.tags().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new Routes.Draft(f.channelId(), f.monitorIds() == null ? List.of() : f.monitorIds(),
                f.providers() == null ? List.of() : f.providers(), tags, f.minSeverity(), reminder);
    }

    private TemplateInstance page(SignedIn me, Form form, Map<String, String> errors, String notice) {
        List<Channel> all = channels(me);
        Map<UUID, String> names = all.stream().collect(Collectors.toMap(c -> c.id, c -> c.name + " (" + c.type + ")"));
        Map<UUID, String> monitorNames = monitors(me).stream().collect(Collectors.toMap(m -> m.id, m -> m.name, (a, b) -> a));
        List<Row> rows = routes.list(me.account().id, null, SHOWN).stream()
                .map(r -> new Row(r, names.getOrDefault(r.channelId, "a removed channel"), scope(r, monitorNames::get))).toList();
        return Templates.routes(me, rows, all, monitors(me), catalog.all(), form, errors, notice, forms.token());
    }

    private static String scope(Route r, Function<UUID, String> monitorName) {
        if (r.monitorIds.isEmpty() && r.providers.isEmpty() && r.tags.isEmpty()) {
            return "Every monitor";
        }
        StringBuilder s = new StringBuilder();
        if (!r.monitorIds.isEmpty()) {
            s.append("Monitors: ").append(r.monitorIds.stream().map(id -> String.valueOf(monitorName.apply(id))).collect(Collectors.joining(", ")));
        }
        if (!r.providers.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("providers: ").append(String.join(", ", r.providers));
        }
        if (!r.tags.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("tags: ").append(String.join(", ", r.tags));
        }
        return s.toString();
    }

    private List<Channel> channels(SignedIn me) {
        return channels.list(me.account().id, null, SHOWN);
    }

    private List<Monitor> monitors(SignedIn me) {
        return monitors.list(me.account().id, null, SHOWN);
    }

    private SignedIn writer(String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at routes but not change them.");
        }
        return me;
    }
}
