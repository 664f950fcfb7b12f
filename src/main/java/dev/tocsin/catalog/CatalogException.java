package dev.tocsin.catalog;

/** The catalog file is unreadable or invalid; the message names the entry and the field to fix. */
final class CatalogException extends RuntimeException {

    CatalogException(String message) {
        super(message);
    }

    CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
