package io.certgate.core.revocation;

/**
 * Why a certificate's revocation status could not be established. The names are stable codes used in
 * logs, audit records and {@code certgate revocation --json}.
 */
public enum UnknownCause {
    /** No OCSP responder and no CRL applies to the certificate (or the configured mode allows none). */
    NO_SOURCE,
    /** The issuer of the certificate is not known, so no CertID can be built and no CRL signature checked. */
    NO_ISSUER,
    /** The responder or CRL server could not be reached. */
    UNREACHABLE,
    /** The responder or CRL server did not answer within the deadline. */
    TIMEOUT,
    /** The server answered with an HTTP error, a redirect that is not followed, or a wrong content type. */
    HTTP_ERROR,
    /** The answer was larger than the configured cap. */
    TOO_LARGE,
    /** The answer could not be parsed. */
    MALFORMED,
    /** The OCSP responder answered with an error status (malformedRequest, tryLater, unauthorized, …). */
    ERROR_RESPONSE,
    /** The OCSP response holds no SingleResponse for this certificate (CertID mismatch). */
    NO_MATCHING_RESPONSE,
    /** The responder says it does not know the certificate (OCSP status unknown). */
    RESPONDER_UNKNOWN,
    /** The signature of the response or CRL does not verify. */
    BAD_SIGNATURE,
    /** The response or CRL was signed by a key that is not authorized to sign it. */
    UNAUTHORIZED_SIGNER,
    /** The answer is too old: nextUpdate passed, or no nextUpdate and thisUpdate older than the max age. */
    STALE,
    /** The answer is from the future beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** The response or CRL carries a critical extension certgate does not process. */
    UNHANDLED_CRITICAL_EXTENSION,
    /** The OCSP nonce was required and missing or different. */
    NONCE_MISMATCH,
    /** No CRL found covers this certificate (scope, distribution point or reasons), or a delta CRL lacks its base. */
    OUT_OF_SCOPE,
    /** The response or CRL is well-formed but breaks a rule of RFC 6960 or RFC 5280 not covered above. */
    INVALID
}
