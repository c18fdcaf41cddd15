package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where OCSP responses, CRLs and extra certificates come from: given files, the network, or both.
 * Implementations are thread-safe and never throw for network or data trouble: a failed fetch is an
 * {@link OcspAnswer} with a failure, or simply no CRL.
 */
public interface RevocationSources {

    /**
     * An OCSP response to validate, with the nonce sent for it (null when none), or a failure to fetch one.
     */
    record OcspAnswer(byte[] response, byte[] nonce, RevocationStatus failure) {
        public static OcspAnswer of(byte[] response, byte[] nonce) {
            return new OcspAnswer(response, nonce, null);
        }

        public static OcspAnswer failed(RevocationStatus failure) {
            return new OcspAnswer(null, null, failure);
        }
    }

    /** Candidate OCSP responses for a certificate, in the order to try them; network work ends by the deadline. */
    List<OcspAnswer> ocspResponses(X509Certificate cert, X509Certificate issuer, RevocationSettings settings, Deadline deadline);

    /**
     * CRLs found for a certificate (complete and delta, DER), and the fetches that failed.
     */
    record CrlAnswers(List<byte[]> crls, List<RevocationStatus> failures) {
        public CrlAnswers {
            crls = List.copyOf(crls);
            failures = List.copyOf(failures);
        }
    }

    /** Candidate CRLs for a certificate; network work ends by the deadline. */
    CrlAnswers crls(X509Certificate cert, RevocationSettings settings, Deadline deadline);

    /**
     * Told after a check, for each CRL that {@link #crls} gave for it, whether it verified: {@code rejection} is
     * null when its signature links it to the checked certificate's verified issuer (the issuer's key, or a CRL
     * signer the check authorized), otherwise the reason it did not, an UNKNOWN status. A source that downloads
     * CRLs keeps only those that verified (for some certificate) and backs off a distribution point whose download
     * did not. The default ignores it: CRLs given up front need no verdict.
     *
     * @param crl the very array {@link #crls} returned
     */
    default void crlChecked(byte[] crl, RevocationStatus rejection) {
    }

    /**
     * Further certificates that may sign CRLs or responses, and the configured issuers of leaves (which become
     * issuers only by signature, see {@link io.certgate.core.path.PathBuilder}).
     */
    List<X509Certificate> extraCertificates();
}
