package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Validates OCSP responses strictly (RFC 6960, RFC 5019) for one certificate. Thread-safe.
 */
final class OcspValidator {
    private final RevocationSettings settings;

    OcspValidator(RevocationSettings settings) {
        this.settings = settings;
    }

    /**
     * The status a DER-encoded OCSPResponse gives for {@code cert}, or UNKNOWN with the specific cause when the
     * response is not acceptable. Never throws on bad input.
     *
     * @param response the DER bytes of an OCSPResponse
     * @param cert     the certificate whose status is wanted
     * @param issuer   its issuer (the CertID is computed from it; it may sign the response or delegate)
     * @param now      the validation time
     * @param nonce    the nonce sent in the request, or null when none was sent
     */
    RevocationStatus validate(byte[] response, X509Certificate cert, X509Certificate issuer, Instant now, byte[] nonce) {
        return RevocationStatus.unknown(RevocationStatus.Source.OCSP, UnknownCause.INVALID, "OCSP validation not implemented yet");
    }
}
