package dev.tocsin.statuspage;

/**
 * The body could not be read as the platform's format. It says nothing about the vendor's health, so the
 * caller treats it as "status unknown" and never as an outage.
 */
public class UnreadableStatusPage extends Exception {

    public UnreadableStatusPage(String message) {
        super(message);
    }

    public UnreadableStatusPage(String message, Throwable cause) {
        super(message, cause);
    }
}
