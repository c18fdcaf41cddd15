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
     * Further certificates that may sign CRLs or responses, and the configured issuers of leaves (which become
     * issuers only by signature, see {@link io.certgate.core.path.PathBuilder}).
     */
    List<X509Certificate> extraCertificates();
}
