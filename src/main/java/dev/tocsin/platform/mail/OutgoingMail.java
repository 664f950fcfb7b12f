package dev.tocsin.platform.mail;

import java.util.Map;

/** One mail, rendered: a text and an HTML body of the same content, and any extra headers. */
public record OutgoingMail(String to, String subject, String text, String html, Map<String, String> headers) {

    public OutgoingMail {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
