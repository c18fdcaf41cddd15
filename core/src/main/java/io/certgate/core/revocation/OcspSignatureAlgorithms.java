package io.certgate.core.revocation;

import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Which signature algorithms certgate accepts on OCSP responses and responder certificates, and the
 * verification itself.
 *
 * <p>Accepted: RSA PKCS#1 v1.5 and ECDSA with SHA-1 or SHA-2, RSASSA-PSS with a SHA-1 or SHA-2 hash, Ed25519
 * and Ed448. SHA-1 stays accepted because OCSP responses are still commonly signed with it and a forged
 * response needs a chosen-prefix collision on data the responder chooses. MD2, MD4 and MD5 are refused by name;
 * anything else is refused as unsupported. Refusals are {@link UnknownCause#BAD_SIGNATURE}.
 */
final class OcspSignatureAlgorithms {
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final Map<String, String> ACCEPTED = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
            Map.entry(RSASSA_PSS, "RSASSA-PSS"),
            Map.entry("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
            Map.entry("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
            Map.entry("1.3.101.112", "Ed25519"),
            Map.entry("1.3.101.113", "Ed448"));
    private static final Map<String, String> REFUSED = Map.of(
            "1.2.840.113549.1.1.2", "md2WithRSAEncryption, which certgate refuses (MD2 is broken)",
            "1.2.840.113549.1.1.3", "md4WithRSAEncryption, which certgate refuses (MD4 is broken)",
            "1.2.840.113549.1.1.4", "md5WithRSAEncryption, which certgate refuses (MD5 is broken)");
    private static final Set<String> PSS_HASHES = Set.of("1.3.14.3.2.26", "2.16.840.1.101.3.4.2.4",
            "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");

    private OcspSignatureAlgorithms() {
    }

    /**
     * The name of an accepted algorithm.
     *
     * @param what what carries the signature, for the message ("the response", "responder certificate CN=x")
     * @throws OcspProblem BAD_SIGNATURE naming the algorithm and why it is refused
     */
    static String accepted(AlgorithmIdentifier algorithm, String what) throws OcspProblem {
        String oid = algorithm.getAlgorithm().getId();
        String refused = REFUSED.get(oid);
        if (refused != null) {
            throw new OcspProblem(UnknownCause.BAD_SIGNATURE, what + " is signed with " + refused);
        }
        String name = ACCEPTED.get(oid);
        if (name == null) {
            throw new OcspProblem(UnknownCause.BAD_SIGNATURE,
                    what + " is signed with unsupported signature algorithm " + oid);
        }
        if (name.equals("RSASSA-PSS")) {
            String hash;
            try {
                hash = RSASSAPSSparams.getInstance(algorithm.getParameters()).getHashAlgorithm().getAlgorithm().getId();
            } catch (RuntimeException e) {
                throw new OcspProblem(UnknownCause.BAD_SIGNATURE, what + " has malformed RSASSA-PSS parameters");
            }
            if (!PSS_HASHES.contains(hash)) {
                throw new OcspProblem(UnknownCause.BAD_SIGNATURE,
                        what + " is signed with RSASSA-PSS over unsupported hash " + hash);
            }
        }
        return name;
    }

    /** Like {@link #accepted}, for the signature on a certificate (its signatureAlgorithm field). */
    static String acceptedOn(X509Certificate cert, String what) throws OcspProblem {
        AlgorithmIdentifier algorithm;
        try {
            List<OcspDer.Tlv> parts = OcspDer.single(cert.getEncoded(), "the certificate").children();
            algorithm = AlgorithmIdentifier.getInstance(OcspDer.parse(parts.get(1).encoded()));
        } catch (IOException | CertificateEncodingException | RuntimeException e) {
            throw new OcspProblem(UnknownCause.BAD_SIGNATURE, what + " has an unreadable signatureAlgorithm");
        }
        return accepted(algorithm, what);
    }

    /** Whether {@code signature} over {@code signed} verifies with {@code key}; false on any failure. */
    static boolean verifies(PublicKey key, AlgorithmIdentifier algorithm, byte[] signed, byte[] signature) {
        try {
            if (algorithm.getAlgorithm().getId().equals(RSASSA_PSS)) {
                return verifiesPss(key, algorithm, signed, signature);
            }
            ContentVerifier verifier = new JcaContentVerifierProviderBuilder().build(key).get(algorithm);
            try (OutputStream out = verifier.getOutputStream()) {
                out.write(signed);
            }
            return verifier.verify(signature);
        } catch (Exception e) {
            // A key that does not fit the algorithm, a garbled signature value, an unusable key: all "does not
            // verify".
            return false;
        }
    }

    /**
     * BouncyCastle's JCA helper asks for "SHA256WITHRSASSA-PSS", which the JDK's providers do not offer; the JDK
     * offers "RSASSA-PSS" with the parameters given separately, taken here from the AlgorithmIdentifier.
     */
    private static boolean verifiesPss(PublicKey key, AlgorithmIdentifier algorithm, byte[] signed, byte[] signature)
            throws GeneralSecurityException, IOException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
        parameters.init(algorithm.getParameters().toASN1Primitive().getEncoded(ASN1Encoding.DER));
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(parameters.getParameterSpec(PSSParameterSpec.class));
        verifier.initVerify(key);
        verifier.update(signed);
        return verifier.verify(signature);
    }
}
