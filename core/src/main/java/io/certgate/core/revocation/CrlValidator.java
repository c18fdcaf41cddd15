package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Determines a certificate's status from CRLs per RFC 5280 §6.3. Thread-safe.
 */
final class CrlValidator {
    private final RevocationSettings settings;

    CrlValidator(RevocationSettings settings) {
        this.settings = settings;
    }

    /**
     * The status of {@code path.get(index)} according to the given CRLs, or UNKNOWN with the specific cause.
     * Never throws on bad input.
     *
     * @param path       the verified path, trust anchor first ({@code path.get(0)}), leaf last
     * @param index      the position of the certificate to check, at least 1; its issuer is {@code path.get(index - 1)}
     * @param crls       candidate CRLs, complete and delta, DER
     * @param extraCerts further certificates: CRL signers, indirect CRL issuers
     * @param now        the validation time
     */
    RevocationStatus check(List<X509Certificate> path, int index, List<byte[]> crls, List<X509Certificate> extraCerts,
                           Instant now) {
        return RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.INVALID, "CRL validation not implemented yet");
    }
}
