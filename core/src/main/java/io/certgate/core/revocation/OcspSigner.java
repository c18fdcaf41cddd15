package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Finds who signed an OCSP response and decides whether they may (RFC 6960 §4.2.2.2): the certificate's issuer
 * itself, a delegated responder in the response's certs, or the operator's pinned responder certificate. The
 * responderID must identify the certificate whose key verifies the signature; nothing else is tried.
 *
 * <p>A delegated responder must be issued directly by the issuer (its issuer name matches the issuer's subject
 * as a name, RFC 5280 §7.1, and its signature verifies with the issuer's key), carry extended key usage
 * id-kp-OCSPSigning (anyExtendedKeyUsage does not count) and be valid at the validation time. The pinned
 * responder is trusted for any certificate; it must be valid at the validation time. Whoever signed must have
 * been valid when the response says it was produced: a signature from outside the signer's validity period
 * proves nothing (BoringSSL vectors produced_early_response and produced_late_response). The delegated
 * responder's own revocation status is not checked (RFC 6960 §4.2.2.2.1 leaves it to id-pkix-ocsp-nocheck and
 * short lifetimes).
 *
 * <p>Refusals: {@link UnknownCause#UNAUTHORIZED_SIGNER} when no acceptable certificate is identified,
 * {@link UnknownCause#BAD_SIGNATURE} when an acceptable one is identified but its key does not verify the
 * signature, or the algorithm is refused ({@link OcspSignatureAlgorithms}).
 */
final class OcspSigner {
    static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    private enum Role {
        ISSUER("the issuer"), PINNED("the pinned responder"), DELEGATED("delegated responder");

        private final String text;

        Role(String text) {
            this.text = text;
        }
    }

    private record Candidate(X509Certificate cert, Role role) {
        String describe() {
            return role.text + " " + subject(cert);
        }
    }

    private OcspSigner() {
    }

    /**
     * Authenticates {@code response} for a certificate issued by {@code issuer}.
     *
     * @param pinned the operator's responder certificate, or null
     * @return who signed, for the detail sentence, e.g. "the issuer CN=Example CA"
     */
    static String authenticate(OcspBasicResponse response, X509Certificate issuer, X509Certificate pinned,
                               Instant now) throws OcspProblem {
        AlgorithmIdentifier algorithm = response.signatureAlgorithm();
        String algorithmName = OcspSignatureAlgorithms.accepted(algorithm, "the response");
        List<Candidate> candidates = candidates(response, issuer, pinned);
        if (candidates.isEmpty()) {
            throw new OcspProblem(UnknownCause.UNAUTHORIZED_SIGNER, "responder ID " + response.responderId()
                    + " names no certificate that may sign: not the issuer " + subject(issuer)
                    + (pinned != null ? ", not the pinned responder " + subject(pinned) : "")
                    + (response.certs().isEmpty() ? ", and the response carries no certificates"
                    : ", and none of the " + response.certs().size() + " certificates in the response"));
        }
        String unauthorized = null;
        String badSignature = null;
        for (Candidate candidate : candidates) {
            String refusal = refusal(candidate, issuer, response.producedAt(), now);
            if (refusal != null) {
                unauthorized = unauthorized == null ? refusal : unauthorized;
                continue;
            }
            if (OcspSignatureAlgorithms.verifies(candidate.cert().getPublicKey(), algorithm,
                    response.signedBytes(), response.signature())) {
                return candidate.describe();
            }
            badSignature = badSignature == null ? "the " + algorithmName + " signature does not verify with the key of "
                    + candidate.describe() : badSignature;
        }
        if (badSignature != null) {
            throw new OcspProblem(UnknownCause.BAD_SIGNATURE, badSignature);
        }
        throw new OcspProblem(UnknownCause.UNAUTHORIZED_SIGNER, unauthorized);
    }

    /** Every certificate the responderID identifies, the issuer first, then the pinned one, then the response's. */
    private static List<Candidate> candidates(OcspBasicResponse response, X509Certificate issuer,
                                              X509Certificate pinned) throws OcspProblem {
        List<Candidate> out = new ArrayList<>();
        List<byte[]> seen = new ArrayList<>();
        add(out, seen, issuer, Role.ISSUER, response.responderId());
        if (pinned != null) {
            add(out, seen, pinned, Role.PINNED, response.responderId());
        }
        for (X509Certificate cert : response.certs()) {
            add(out, seen, cert, Role.DELEGATED, response.responderId());
        }
        return out;
    }

    private static void add(List<Candidate> out, List<byte[]> seen, X509Certificate cert, Role role,
                            OcspBasicResponse.ResponderId id) throws OcspProblem {
        byte[] der = encoded(cert);
        for (byte[] other : seen) {
            if (Arrays.equals(other, der)) {
                return; // e.g. the issuer's own certificate included in the response
            }
        }
        seen.add(der);
        if (identifies(id, cert)) {
            out.add(new Candidate(cert, role));
        }
    }

    private static boolean identifies(OcspBasicResponse.ResponderId id, X509Certificate cert) {
        if (id.keyHash() != null) {
            try {
                return MessageDigest.isEqual(id.keyHash(), OcspCertId.sha1(OcspCertId.publicKeyBits(cert)));
            } catch (IOException e) {
                return false;
            }
        }
        return sameName(id.name(), cert.getSubjectX500Principal().getEncoded());
    }

    /** Why {@code candidate} may not sign responses about certificates of {@code issuer}, or null. */
    private static String refusal(Candidate candidate, X509Certificate issuer, Instant producedAt, Instant now) {
        X509Certificate cert = candidate.cert();
        String name = subject(cert);
        if (candidate.role() == Role.DELEGATED) {
            if (!sameName(cert.getIssuerX500Principal().getEncoded(), issuer.getSubjectX500Principal().getEncoded())) {
                return "signed by " + name + ", which was issued by " + issuerName(cert)
                        + ", not by the certificate's issuer " + subject(issuer);
            }
            try {
                OcspSignatureAlgorithms.acceptedOn(cert, "its certificate");
            } catch (OcspProblem p) {
                return "signed by " + name + ", but " + p.reason();
            }
            try {
                cert.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                return "signed by " + name + ", whose certificate's signature does not verify with the key of the issuer "
                        + subject(issuer);
            }
            if (!hasOcspSigning(cert)) {
                return "signed by " + name + " which lacks id-kp-OCSPSigning";
            }
        }
        if (candidate.role() != Role.ISSUER && !validAt(cert, now)) {
            return "signed by " + candidate.describe() + ", whose certificate is not valid at " + now + " (valid "
                    + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")";
        }
        if (producedAt.isBefore(cert.getNotBefore().toInstant())) {
            return "produced at " + producedAt + ", before its signer " + candidate.describe() + " became valid ("
                    + cert.getNotBefore().toInstant() + ")";
        }
        if (producedAt.isAfter(cert.getNotAfter().toInstant())) {
            return "produced at " + producedAt + ", after its signer " + candidate.describe() + " expired ("
                    + cert.getNotAfter().toInstant() + ")";
        }
        return null;
    }

    private static boolean hasOcspSigning(X509Certificate cert) {
        try {
            List<String> purposes = cert.getExtendedKeyUsage();
            return purposes != null && purposes.contains(OCSP_SIGNING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate cert, Instant time) {
        return !time.isBefore(cert.getNotBefore().toInstant()) && !time.isAfter(cert.getNotAfter().toInstant());
    }

    private static boolean sameName(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) {
            return true;
        }
        try {
            return DistinguishedName.fromDer(a).matches(DistinguishedName.fromDer(b));
        } catch (CertificateFormatException e) {
            return false;
        }
    }

    /** The subject as an RFC 4514 string, for messages. */
    static String subject(X509Certificate cert) {
        return name(cert.getSubjectX500Principal().getEncoded());
    }

    private static String issuerName(X509Certificate cert) {
        return name(cert.getIssuerX500Principal().getEncoded());
    }

    private static String name(byte[] der) {
        try {
            return DistinguishedName.fromDer(der).toString();
        } catch (CertificateFormatException e) {
            return "(undecodable name " + OcspDer.hex(der) + ")";
        }
    }

    private static byte[] encoded(X509Certificate cert) throws OcspProblem {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new OcspProblem(UnknownCause.MALFORMED, "a certificate cannot be encoded: " + e.getMessage());
        }
    }
}
