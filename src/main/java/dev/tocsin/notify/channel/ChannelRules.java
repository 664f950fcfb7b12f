package dev.tocsin.notify.channel;

import dev.tocsin.account.Emails;
import dev.tocsin.platform.problem.Problem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of channels, as a pure function: what is wrong, field by field. */
public final class ChannelRules {

    public static final Set<String> TYPES = Set.of("email", "webhook", "slack", "discord", "pagerduty");
    /** Types whose target grants the right to post (a webhook URL with its token, a routing key): stored sealed, shown masked. */
    public static final Set<String> SECRET_TARGETS = Set.of("slack", "discord", "pagerduty");
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    private ChannelRules() {
    }

    /** The target in its canonical form (emails lower-cased), or the errors. */
    public record Checked(String target, List<FieldError> errors) {
    }

    public static Checked check(String name, String type, String target) {
        List<FieldError> errors = new ArrayList<>();
        if (name != null && (name.isBlank() || name.length() > 200)) {
            errors.add(new FieldError("name", "must be 1 to 200 characters"));
        }
        if (type == null || !TYPES.contains(type)) {
            errors.add(new FieldError("type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
            return new Checked(target, errors);
        }
        if (target == null || target.isBlank()) {
            errors.add(new FieldError("target", "is required: " + what(type)));
            return new Checked(target, errors);
        }
        String canonical = target.strip();
        switch (type) {
            case "email" -> {
                canonical = Emails.normalize(target);
                if (!Emails.isValid(canonical)) {
                    errors.add(new FieldError("target", "must be an email address"));
                }
            }
            case "pagerduty" -> {
                if (!ROUTING_KEY.matcher(canonical).matches()) {
                    errors.add(new FieldError("target", "must be a PagerDuty Events v2 routing key (32 letters and digits)"));
                }
            }
            default -> url(canonical, type, errors);
        }
        return new Checked(canonical, errors);
    }

    private static void url(String target, String type, List<FieldError> errors) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // http is allowed for every kind (a self-hosted chat or relay); the outbound guard still applies.
            if (!scheme.equals("https") && !scheme.equals("http")) {
                errors.add(new FieldError("target", "must be an http(s) URL"));
            } else if (uri.getHost() == null) {
                errors.add(new FieldError("target", "must name a host"));
            } else if (uri.getUserInfo() != null) {
                errors.add(new FieldError("target", "must not carry a user or password"));
            } else if (target.length() > 2048) {
                errors.add(new FieldError("target", "must be at most 2048 characters"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("target", "is not a valid URL"));
        }
    }

    private static String what(String type) {
        return switch (type) {
            case "email" -> "the email address";
            case "pagerduty" -> "the routing key of a PagerDuty Events v2 integration";
            default -> "the " + type + " webhook URL";
        };
    }
}
