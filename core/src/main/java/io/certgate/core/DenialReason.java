package io.certgate.core;

/**
 * Why a certificate was refused. The names are stable codes: they appear in audit records and operators
 * alert on them.
 */
public enum DenialReason {
    /** The request carried no client certificate. */
    NO_CERTIFICATE,
    /**
     * With {@code trust.anchors} set, the presented chain does not validate (RFC 5280) to any of the configured
     * trust anchors by the gate's clock, though the container's TLS stack accepted it: the message names the
     * certificate and what failed.
     */
    UNTRUSTED_CHAIN,
    /** The certificate's names or key could not be read. */
    UNREADABLE_CERTIFICATE,
    /**
     * The certificate's notAfter has passed by the gate's clock: the TLS handshake accepted it while it was valid,
     * and the connection or the container's login session outlived it.
     */
    CERTIFICATE_EXPIRED,
    /** The certificate's notBefore is still ahead by the gate's clock. */
    CERTIFICATE_NOT_YET_VALID,
    /**
     * None of the {@code principal} attributes is present in the certificate (or only with empty values), or the first
     * one that is present has only values certgate could not read: a later attribute is not used in its place.
     */
    NO_PRINCIPAL,
    /**
     * The principal would come from a {@code principal} attribute after the first, and its value has the form of a
     * value of an attribute listed before it: a common name {@code spiffe://example.org/payments} under
     * {@code principal = spiffe-id, subject.cn} could be another client's SPIFFE ID. Two certificates get the same
     * principal only from the same attribute.
     */
    AMBIGUOUS_PRINCIPAL,
    /** The certificate, or one of its chain under {@code revocation.scope = chain}, is revoked. */
    REVOKED,
    /**
     * The {@code ~} rules' regular expressions backtracked too long on the certificate's values: together they took
     * the steps one decision may take. The client is refused rather than judged by the other rules.
     */
    RULE_LIMIT,
    /** Revocation status could not be established and {@code revocation.on-unknown = deny}. */
    REVOCATION_UNKNOWN,
    /** An unexpected failure inside certgate; the request is refused rather than let through. */
    INTERNAL_ERROR,
    /**
     * The certificate did not come from a TLS handshake the container verified, but from a front end (a request
     * header, an AJP connector), and the adapter is not told to trust such certificates.
     */
    FORWARDED_CERTIFICATE
}
