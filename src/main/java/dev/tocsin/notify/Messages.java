package dev.tocsin.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of an alert in each receiver's format, as pure functions of the event type, its time and
 * the frozen {@code data} ({@code incident}, {@code monitor}, {@code account}) of the outbox row.
 */
public final class Messages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_STATUS = Pattern.compile("\\bHTTP (\\d{3})\\b");

    private Messages() {
    }

    /** {@code DOWN}, {@code DEGRADED}, {@code RESOLVED}, {@code ACK}, {@code REMINDER} or {@code TEST}. */
    public static String verb(String eventType, JsonNode data) {
        return switch (eventType) {
            case "incident.resolved" -> "RESOLVED";
            case "incident.acknowledged" -> "ACK";
            case "incident.reminder" -> "REMINDER";
            case "test" -> "TEST";
            default -> data.path("incident").path("severity").asText("down").toUpperCase(Locale.ROOT);
        };
    }

    /** The short cause of a subject line: "503 overloaded", "timeout", "auth". */
    public static String shortCause(JsonNode incident) {
        String cause = incident.path("cause").asText("").replace('_', ' ');
        Matcher status = HTTP_STATUS.matcher(incident.path("reason").asText(""));
        return status.find() ? status.group(1) + " " + cause : cause;
    }

    /** {@code [Tocsin] DOWN Mistral AI API — 503 overloaded}. */
    public static String subject(String eventType, JsonNode data) {
        JsonNode incident = data.path("incident");
        if ("test".equals(eventType)) {
            return "[Tocsin] TEST — this channel receives Tocsin alerts";
        }
        return "[Tocsin] " + verb(eventType, data) + " " + incident.path("subject").asText(incident.path("title").asText())
                + " — " + shortCause(incident);
    }

    /** One line for chat: the subject and the reason. */
    public static String line(String eventType, JsonNode data) {
        String reason = data.path("incident").path("reason").asText("");
        return subject(eventType, data).replace("[Tocsin] ", "") + (reason.isEmpty() ? "" : ": " + reason);
    }

    /** The Standard Webhooks body: {@code {"type","timestamp","data"}}. */
    public static String webhook(String eventType, Instant at, JsonNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", eventType);
        body.put("timestamp", at.toString());
        body.set("data", data);
        return body.toString();
    }

    /** A Slack incoming-webhook message. */
    public static String slack(String eventType, JsonNode data) {
        ObjectNode body = JSON.createObjectNode();
        // Vendor text and error bodies reach the message: escaped, "<!channel>" or "<@U…>" cannot ping anyone.
        body.put("text", escapeSlack(line(eventType, data)));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode markdown = section.putObject("text");
        markdown.put("type", "mrkdwn");
        markdown.put("text", "*" + escapeSlack(subject(eventType, data)) + "*\n" + escapeSlack(details(data)));
        return body.toString();
    }

    /** A Discord webhook message with one embed. */
    public static String discord(String eventType, JsonNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("content", truncate(line(eventType, data), 2000));
        // Vendor text and error bodies reach the message: "@everyone" in them must not ping a whole server.
        body.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = body.putArray("embeds").addObject();
        embed.put("title", truncate(subject(eventType, data), 256));
        embed.put("description", truncate(details(data), 4096));
        String url = data.path("incident").path("url").asText("");
        if (!url.isEmpty()) {
            embed.put("url", url);
        }
        embed.put("color", switch (verb(eventType, data)) {
            case "RESOLVED" -> 0x2EB67D;
            case "DEGRADED", "ACK", "REMINDER" -> 0xECB22E;
            default -> 0xE01E5A;
        });
        return body.toString();
    }

    /** A PagerDuty Events v2 event; the incident id is the dedup key, so trigger, acknowledge and resolve meet. */
    public static String pagerduty(String routingKey, String eventType, JsonNode data) {
        JsonNode incident = data.path("incident");
        ObjectNode body = JSON.createObjectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", switch (eventType) {
            case "incident.acknowledged" -> "acknowledge";
            case "incident.resolved" -> "resolve";
            default -> "trigger";
        });
        body.put("dedup_key", incident.path("id").asText("test"));
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate(line(eventType, data), 1024));
        payload.put("source", data.path("monitor").path("url").asText("tocsin"));
        payload.put("severity", "down".equals(incident.path("severity").asText()) ? "critical" : "warning");
        payload.put("component", incident.path("subject").asText(""));
        payload.set("custom_details", incident);
        String url = incident.path("url").asText("");
        if (!url.isEmpty()) {
            body.putArray("links").addObject().put("href", url).put("text", "Incident in Tocsin");
        }
        return body.toString();
    }

    /** "HTTP 503 after 231 ms at …" for the last failed probe response of an alert; null without one. */
    static String lastResponse(JsonNode last) {
        if (last == null || !last.isObject()) {
            return null;
        }
        String status = last.path("httpStatus").isNumber() ? "HTTP " + last.path("httpStatus").asInt() : "No HTTP answer";
        String latency = last.path("latencyMs").isNumber() ? " after " + last.path("latencyMs").asInt() + " ms" : "";
        return status + latency + " at " + last.path("at").asText("?");
    }

    /** Cause, remedy and since when, as plain lines. */
    static String details(JsonNode data) {
        JsonNode i = data.path("incident");
        StringBuilder text = new StringBuilder();
        append(text, "Why", i.path("reason").asText(""));
        append(text, "What to do", i.path("remedy").asText(""));
        append(text, "Confirmed by " + i.path("vendorPage").asText("the vendor"), i.path("vendorIncident").asText(""));
        append(text, "Since", i.path("firstSeenAt").asText(""));
        append(text, "Incident", i.path("url").asText(""));
        return text.toString().strip();
    }

    private static void append(StringBuilder text, String label, String value) {
        if (!value.isEmpty() && !"null".equals(value)) {
            text.append(label).append(": ").append(value).append('\n');
        }
    }

    private static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
