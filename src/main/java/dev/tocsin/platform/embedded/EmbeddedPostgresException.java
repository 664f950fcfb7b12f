package dev.tocsin.platform.embedded;

/** The embedded database could not start; the message names the settings that avoid it. */
public class EmbeddedPostgresException extends IllegalStateException {

    EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
