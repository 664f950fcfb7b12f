package dev.tocsin.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.notify.channel.ChannelLinks;
import dev.tocsin.platform.mail.MailConfig;
import dev.tocsin.platform.mail.MailSender;
import dev.tocsin.platform.mail.MailTemplates;
import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.outbound.OutboundRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends one delivery in its channel's format. HTTP channels go through the outbound seam (private
 * addresses refused, no redirects followed, {@code tocsin.notify.http-timeout}); mail goes through SMTP
 * on a small pool of its own, since SMTP is blocking. Right before a send starts, the delivery's lease
 * must still cover the longest that send may take; otherwise it is not sent ({@link LeaseRanOut}), since
 * another node may claim it at the lease's end and send it too.
 */
@ApplicationScoped
public class Transports {

    private static final int RESPONSE_BYTES = 4096;
    static final int MAIL_THREADS = 4;
    /**
     * What one mail may take on a slow server: Jakarta Mail bounds each step (connect, each reply) by
     * {@code tocsin.mail.timeout}, not the whole; three steps at their limit is a server already failing.
     */
    private static final int MAIL_STEPS_BUDGETED = 3;

    private final OutboundHttp http;
    private final MailSender mail;
    private final MailTemplates templates;
    private final ChannelLinks links;
    private final NotifyConfig config;
    private final Clock clock;
    private final MailConfig mailConfig;
    private final ExecutorService mailPool = Executors.newFixedThreadPool(MAIL_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "tocsin-mail");
        thread.setDaemon(true);
        return thread;
    });

    Transports(OutboundHttp http, MailSender mail, MailTemplates templates, ChannelLinks links, NotifyConfig config, Clock clock,
               MailConfig mailConfig) {
        this.mailConfig = mailConfig;
        this.http = http;
        this.mail = mail;
        this.templates = templates;
        this.links = links;
        this.config = config;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        mailPool.shutdown();
    }

    /** A delivery whose lease would run out before its send could finish: it was not sent. */
    public static final class LeaseRanOut extends RuntimeException {
        LeaseRanOut() {
            super(null, null, false, false);
        }
    }

    /** The longest one send over this channel type may take. */
    Duration budget(String channelType) {
        return "email".equals(channelType) ? mailConfig.timeout().multipliedBy(MAIL_STEPS_BUDGETED) : config.httpTimeout();
    }

    /**
     * How many email deliveries may be claimed and waiting at once: as many as the mail threads finish
     * within one lease when every mail takes its whole budget. More would wait past their lease.
     */
    int mailCapacity() {
        long perThread = Math.max(1, config.lease().toMillis() / Math.max(1, budget("email").toMillis()));
        return (int) Math.min(Integer.MAX_VALUE, MAIL_THREADS * perThread);
    }

    /**
     * Stops the start when a claimed delivery could not be sent within its lease: each would be handed
     * back unsent, for ever, and no alert would go out. Twice the longest send leaves the claim-to-send
     * wait the other half.
     */
    static void checkLease(Duration lease, Duration mailTimeout, Duration httpTimeout) {
        Duration mail = mailTimeout.multipliedBy(MAIL_STEPS_BUDGETED);
        Duration longest = mail.compareTo(httpTimeout) > 0 ? mail : httpTimeout;
        if (lease.compareTo(longest.multipliedBy(2)) < 0) {
            throw new IllegalStateException("tocsin.notify.lease must be at least twice the longest send (" + MAIL_STEPS_BUDGETED
                    + " × tocsin.mail.timeout = " + mail + ", tocsin.notify.http-timeout = " + httpTimeout + "), not " + lease);
        }
    }

    void checkLease() {
        checkLease(config.lease(), mailConfig.timeout(), config.httpTimeout());
    }

    /** Fails with {@link LeaseRanOut} unless the lease still covers the whole of this send. */
    private void requireLease(Delivery d) {
        if (clock.instant().plus(budget(d.channel().type())).isAfter(d.leaseUntil())) {
            throw new LeaseRanOut();
        }
    }

    public CompletionStage<DeliveryResult> send(Delivery d) {
        Delivery.Target channel = d.channel();
        if (!"email".equals(channel.type())) {
            requireLease(d);
        }
        return switch (channel.type()) {
            case "email" -> CompletableFuture.supplyAsync(() -> {
                // Checked on the mail thread, after the wait in the pool's queue: that wait is what outlives leases.
                requireLease(d);
                return email(d);
            }, mailPool);
            case "webhook" -> webhook(d);
            case "slack" -> post(URI.create(channel.target()), Messages.slack(d.eventType(), d.data()), Map.of());
            case "discord" -> post(URI.create(channel.target()), Messages.discord(d.eventType(), d.data()), Map.of());
            case "pagerduty" -> post(config.pagerdutyUrl(), Messages.pagerduty(channel.target(), d.eventType(), d.data()), Map.of());
            default -> CompletableFuture.completedFuture(
                    new DeliveryResult(DeliveryResult.Outcome.FAILED, null, "unknown channel type " + channel.type(), 0));
        };
    }

    /** Standard Webhooks: the id is the outbox row's, the same on every retry, so receivers can deduplicate. */
    private CompletionStage<DeliveryResult> webhook(Delivery d) {
        Instant now = clock.instant();
        String body = Messages.webhook(d.eventType(), d.createdAt(), d.data());
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", d.id().toString());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", StandardWebhooks.sign(d.channel().secret(), d.id().toString(), timestamp, body));
        return post(URI.create(d.channel().target()), body, headers);
    }

    private CompletionStage<DeliveryResult> post(URI url, String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Type", "application/json");
        OutboundRequest request = new OutboundRequest(url, "POST", headers, body.getBytes(StandardCharsets.UTF_8),
                config.httpTimeout(), RESPONSE_BYTES);
        return http.send(request).thenApply(DeliveryResult::of);
    }

    private DeliveryResult email(Delivery d) {
        long start = System.nanoTime();
        JsonNode data = d.data();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("subject", Messages.subject(d.eventType(), data));
        model.put("verb", Messages.verb(d.eventType(), data));
        model.put("incident", json(data.path("incident")));
        model.put("monitor", json(data.path("monitor")));
        model.put("ackUrl", "incident.acknowledged".equals(d.eventType()) || "incident.resolved".equals(d.eventType())
                ? null : data.path("incident").path("acknowledgeUrl").asText(null));
        model.put("duration", duration(data.path("incident")));
        JsonNode last = data.path("incident").path("lastResponse");
        model.put("lastResponse", Messages.lastResponse(last));
        model.put("excerpt", last.path("excerpt").isTextual() ? last.path("excerpt").asText() : null);
        String unsubscribe = links.unsubscribeUrl(d.channel().id(), d.channel().target());
        model.put("unsubscribeUrl", unsubscribe);
        Map<String, String> headers = Map.of(
                "List-Unsubscribe", "<" + unsubscribe + ">",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click",
                "X-Tocsin-Event-Id", d.id().toString());
        try {
            mail.send(templates.render("AlertMails/alert", d.channel().target(), (String) model.get("subject"), model, headers));
            return DeliveryResult.delivered(null, (System.nanoTime() - start) / 1_000_000);
        } catch (MailSender.MailException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            // A 5xx reply (no such mailbox, relaying denied) is as final as a 4xx from a webhook receiver.
            DeliveryResult.Outcome outcome = e.permanent() ? DeliveryResult.Outcome.FAILED : DeliveryResult.Outcome.RETRY;
            return new DeliveryResult(outcome, null, "SMTP: " + why, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** A JSON object as a map Qute can read, with JSON nulls as Java nulls so that {#if} sees them as absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return map;
    }

    private static String duration(JsonNode incident) {
        try {
            Duration d = Duration.between(Instant.parse(incident.path("firstSeenAt").asText()),
                    Instant.parse(incident.path("resolvedAt").asText()));
            long minutes = d.toMinutes();
            return minutes < 1 ? d.toSeconds() + " s" : minutes < 120 ? minutes + " min" : d.toHours() + " h " + (minutes % 60) + " min";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
