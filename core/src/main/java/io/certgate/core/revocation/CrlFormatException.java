package io.certgate.core.revocation;

import io.certgate.core.identity.DistinguishedName;
import java.util.Optional;

/**
 * A CRL that certgate cannot use, found while parsing it: not strict DER, not the RFC 5280 §5 structure, or
 * carrying a critical extension certgate does not process. The message names the field and what is wrong.
 *
 * <p>{@link #unknownCause()} is {@link UnknownCause#MALFORMED} or
 * {@link UnknownCause#UNHANDLED_CRITICAL_EXTENSION}; {@link #issuer()} is the CRL's issuer when parsing got that
 * far, so a validator can tell whether the unusable CRL was the one that mattered. Such a failure depends only on
 * the bytes, so it may be cached like a parsed {@link Crl}.
 */
final class CrlFormatException extends Exception {
    private final UnknownCause unknownCause;
    private final transient DistinguishedName issuer;

    CrlFormatException(String message) {
        this(UnknownCause.MALFORMED, message, null);
    }

    CrlFormatException(UnknownCause unknownCause, String message, DistinguishedName issuer) {
        super(message);
        this.unknownCause = unknownCause;
        this.issuer = issuer;
    }

    /** The same failure, now knowing the CRL's issuer. */
    CrlFormatException withIssuer(DistinguishedName crlIssuer) {
        if (issuer != null || crlIssuer == null) {
            return this;
        }
        CrlFormatException copy = new CrlFormatException(unknownCause, getMessage(), crlIssuer);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** MALFORMED, or UNHANDLED_CRITICAL_EXTENSION. */
    UnknownCause unknownCause() {
        return unknownCause;
    }

    /** The CRL's issuer, when the CRL could be read that far. */
    Optional<DistinguishedName> issuer() {
        return Optional.ofNullable(issuer);
    }
}
