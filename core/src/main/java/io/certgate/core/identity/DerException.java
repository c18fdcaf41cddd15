package io.certgate.core.identity;

/** A structure that is not valid DER, or not the structure expected. */
final class DerException extends Exception {
    DerException(String message) {
        super(message);
    }
}
