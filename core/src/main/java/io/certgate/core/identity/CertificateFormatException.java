package io.certgate.core.identity;

/** A certificate, or a structure inside one, that certgate cannot read; the message says what is wrong. */
public final class CertificateFormatException extends Exception {
    public CertificateFormatException(String message) {
        super(message);
    }
}
