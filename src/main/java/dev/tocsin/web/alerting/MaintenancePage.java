package dev.tocsin.web.alerting;

import dev.tocsin.account.session.SignedIn;
import dev.tocsin.incident.MaintenanceWindow;
import dev.tocsin.incident.MaintenanceWindows;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.Monitors;
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
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Maintenance windows: listed with their state, added, changed and deleted through {@link MaintenanceWindows},
 * each with the signals it kept quiet. Times are typed in the browser's time zone (its script says which) or UTC.
 */
@Path("/app/maintenance")
@Produces(MediaType.TEXT_HTML)
public class MaintenancePage {

    private static final int SHOWN = 100;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final Map<String, String> LABELS = Map.of("monitorId", "Monitor", "provider", "Provider", "startsAt", "Start",
            "endsAt", "End", "reason", "Reason");

    private final WebAuth auth;
    private final Forms forms;
    private final MaintenanceWindows windows;
    private final Monitors monitors;
    private final Clock clock;

    MaintenancePage(WebAuth auth, Forms forms, MaintenanceWindows windows, Monitors monitors, Clock clock) {
        this.auth = auth;
        this.forms = forms;
        this.windows = windows;
        this.monitors = monitors;
        this.clock = clock;
    }

    /** The window form as posted: local date-times and the zone they are in. */
    public record Form(String scope, String startsAt, String endsAt, String tz, String reason) {
        static Form of(MaintenanceWindow w) {
            return new Form(w.monitorId != null ? w.monitorId.toString() : w.provider != null ? "provider:" + w.provider : "",
                    LOCAL.format(w.startsAt.atOffset(ZoneOffset.UTC)), LOCAL.format(w.endsAt.atOffset(ZoneOffset.UTC)), "UTC", w.reason);
        }
    }

    /** A window as the list shows it. */
    public record Row(MaintenanceWindow window, String state, String scope) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(SignedIn me, List<Row> windows, List<Monitor> monitors, Form form,
                                            Map<String, String> errors, String notice, String csrf);

        static native TemplateInstance window(SignedIn me, Row row, List<MaintenanceWindows.Suppressed> suppressed,
                                              List<Monitor> monitors, Form form, Map<String, String> errors, String csrf);
    }

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        SignedIn me = auth.require();
        Instant now = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Form blank = new Form("", LOCAL.format(now.atOffset(ZoneOffset.UTC)), LOCAL.format(now.plus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC)),
                "UTC", "");
        return page(me, blank, Map.of(), Notices.text(notice));
    }

    @POST
    public Response add(@RestForm String scope, @RestForm String startsAt, @RestForm String endsAt, @RestForm String tz,
                        @RestForm String reason, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        Form form = new Form(scope, startsAt, endsAt, tz, reason);
        Map<String, String> errors = new LinkedHashMap<>();
        MaintenanceWindows.Draft draft = draft(form, errors);
        if (errors.isEmpty()) {
            try {
                windows.create(me.account().id, draft);
                return Response.seeOther(URI.create("/app/maintenance?notice=window-saved")).build();
            } catch (ProblemException e) {
                errors.putAll(FieldErrors.of(e, LABELS));
            }
        }
        return Response.status(400).entity(page(me, form, errors, null)).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") UUID id) {
        SignedIn me = auth.require();
        MaintenanceWindow w = get(me, id);
        return Templates.window(me, row(w, names(me)), windows.suppressed(w, SHOWN), monitors(me), Form.of(w), Map.of(), forms.token());
    }

    @POST
    @Path("{id}")
    public Response save(@PathParam("id") UUID id, @RestForm String scope, @RestForm String startsAt, @RestForm String endsAt,
                         @RestForm String tz, @RestForm String reason, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        MaintenanceWindow w = get(me, id);
        Form form = new Form(scope, startsAt, endsAt, tz, reason);
        Map<String, String> errors = new LinkedHashMap<>();
        MaintenanceWindows.Draft draft = draft(form, errors);
        if (errors.isEmpty()) {
            try {
                windows.update(me.account().id, id, draft);
                return Response.seeOther(URI.create("/app/maintenance?notice=window-saved")).build();
            } catch (ProblemException e) {
                errors.putAll(FieldErrors.of(e, LABELS));
            }
        }
        return Response.status(400).entity(Templates.window(me, row(w, names(me)), windows.suppressed(w, SHOWN), monitors(me), form,
                errors, forms.token())).build();
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") UUID id, @RestForm String csrf) {
        SignedIn me = writer(csrf);
        windows.delete(me.account().id, id);
        return Response.seeOther(URI.create("/app/maintenance?notice=window-deleted")).build();
    }

    private static MaintenanceWindows.Draft draft(Form f, Map<String, String> errors) {
        ZoneId zone;
        try {
            zone = f.tz() == null || f.tz().isBlank() ? ZoneOffset.UTC : ZoneId.of(f.tz());
        } catch (DateTimeException e) {
            zone = ZoneOffset.UTC;
        }
        Instant start = instant(f.startsAt(), zone, "startsAt", "Start", errors);
        Instant end = instant(f.endsAt(), zone, "endsAt", "End", errors);
        UUID monitor = null;
        String provider = null;
        String scope = f.scope() == null ? "" : f.scope();
        if (scope.startsWith("provider:")) {
            provider = scope.substring("provider:".length());
        } else if (!scope.isBlank()) {
            try {
                monitor = UUID.fromString(scope);
            } catch (IllegalArgumentException e) {
                errors.put("monitorId", "Monitor must be one of the list");
            }
        }
        String reason = f.reason() == null || f.reason().isBlank() ? null : f.reason();
        return new MaintenanceWindows.Draft(monitor, provider, start, end, reason);
    }

    private static Instant instant(String value, ZoneId zone, String field, String label, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            errors.put(field, label + " must be a date and time such as 2026-12-24T22:00");
            return null;
        }
    }

    private TemplateInstance page(SignedIn me, Form form, Map<String, String> errors, String notice) {
        Map<UUID, String> names = names(me);
        List<Row> rows = windows.list(me.account().id, null, SHOWN).stream().map(w -> row(w, names)).toList();
        return Templates.list(me, rows, monitors(me), form, errors, notice, forms.token());
    }

    private Row row(MaintenanceWindow w, Map<UUID, String> names) {
        Instant now = clock.instant();
        String state = now.isBefore(w.startsAt) ? "scheduled" : now.isBefore(w.endsAt) ? "active" : "ended";
        String scope = w.monitorId != null ? names.getOrDefault(w.monitorId, "a deleted monitor")
                : w.provider != null ? "Every " + w.provider + " monitor" : "Every monitor";
        return new Row(w, state, scope);
    }

    private MaintenanceWindow get(SignedIn me, UUID id) {
        return windows.find(me.account().id, id).orElseThrow(() -> ProblemException.notFound("No maintenance window " + id + "."));
    }

    private List<Monitor> monitors(SignedIn me) {
        return monitors.list(me.account().id, null, 500);
    }

    private Map<UUID, String> names(SignedIn me) {
        Map<UUID, String> names = new LinkedHashMap<>();
        monitors(me).forEach(m -> names.put(m.id, m.name));
        return names;
    }

    private SignedIn writer(String csrf) {
        forms.verify(csrf);
        SignedIn me = auth.require();
        if (!me.role().canWrite()) {
            throw ProblemException.forbidden("Viewers can look at maintenance windows but not change them.");
        }
        return me;
    }
}
