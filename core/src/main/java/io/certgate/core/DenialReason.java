package io.certgate.core;

/**
 * Why a certificate was refused. The names are stable codes: they appear in audit records and operators
 * alert on them.
 */
public enum DenialReason {
    /** The request carried no client certificate. */
    NO_CERTIFICATE,
    /** The certificate's names or key could not be read. */
    UNREADABLE_CERTIFICATE,
    /** None of the {@code principal} attributes is present in the certificate. */
    NO_PRINCIPAL,
    /** The certificate, or one of its chain under {@code revocation.scope = chain}, is revoked. */
    REVOKED,
    /** Revocation status could not be established and {@code revocation.on-unknown = deny}. */
    REVOCATION_UNKNOWN,
    /** An unexpected failure inside certgate; the request is refused rather than let through. */
    INTERNAL_ERROR
}
