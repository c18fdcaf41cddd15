package io.certgate.core.identity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What the verified certification path of a client says beyond its leaf: the key and certificate hashes of the
 * leaf's verified issuer and of the trust anchor the path was validated against. Immutable.
 *
 * <p>Each part is present only when verified: the issuer when the leaf's signature verified with its key (see
 * {@code io.certgate.core.path.VerifiedPath}), the anchor when {@code trust.anchors} validated the path. An absent
 * part makes the rule attributes it feeds unreadable, so that a test on them is never true.
 */
public final class PathFacts {
    /** Nothing verified. */
    public static final PathFacts NONE = new PathFacts(null, null, null, null, null);

    private final byte[] issuerSpki;
    private final byte[] issuerFingerprint;
    private final DistinguishedName anchorSubject;
    private final byte[] anchorSpki;
    private final byte[] anchorFingerprint;

    private PathFacts(byte[] issuerSpki, byte[] issuerFingerprint, DistinguishedName anchorSubject, byte[] anchorSpki,
                      byte[] anchorFingerprint) {
        this.issuerSpki = issuerSpki;
        this.issuerFingerprint = issuerFingerprint;
        this.anchorSubject = anchorSubject;
        this.anchorSpki = anchorSpki;
        this.anchorFingerprint = anchorFingerprint;
    }

    /**
     * The facts of a verified issuer and anchor; a certificate whose structure certgate cannot read counts as not
     * verified.
     *
     * @param verifiedIssuer the leaf's verified issuer, or null
     * @param anchor         the trust anchor the path was validated against, or null
     */
    public static PathFacts of(X509Certificate verifiedIssuer, X509Certificate anchor) {
        byte[] issuerDer = encoded(verifiedIssuer);
        byte[] anchorDer = encoded(anchor);
        byte[] issuerSpki = issuerDer == null ? null : ClientIdentity.spkiSha256Of(issuerDer);
        byte[] anchorSpki = anchorDer == null ? null : ClientIdentity.spkiSha256Of(anchorDer);
        DistinguishedName anchorSubject = null;
        if (anchorSpki != null) {
            try {
                anchorSubject = DistinguishedName.fromDer(anchor.getSubjectX500Principal().getEncoded());
            } catch (CertificateFormatException e) {
                anchorSpki = null;
            }
        }
        return new PathFacts(issuerSpki, issuerSpki == null ? null : ClientIdentity.sha256Of(issuerDer),
                anchorSubject, anchorSpki, anchorSpki == null ? null : ClientIdentity.sha256Of(anchorDer));
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert == null ? null : cert.getEncoded();
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    /** SHA-256 of the verified issuer's SubjectPublicKeyInfo. */
    public Optional<byte[]> issuerSpkiSha256() {
        return Optional.ofNullable(issuerSpki).map(byte[]::clone);
    }

    /** SHA-256 of the verified issuer's certificate. */
    public Optional<byte[]> issuerFingerprint() {
        return Optional.ofNullable(issuerFingerprint).map(byte[]::clone);
    }

    /** The trust anchor's subject. */
    public Optional<DistinguishedName> anchorSubject() {
        return Optional.ofNullable(anchorSubject);
    }

    /** SHA-256 of the trust anchor's SubjectPublicKeyInfo. */
    public Optional<byte[]> anchorSpkiSha256() {
        return Optional.ofNullable(anchorSpki).map(byte[]::clone);
    }

    /** SHA-256 of the trust anchor's certificate. */
    public Optional<byte[]> anchorFingerprint() {
        return Optional.ofNullable(anchorFingerprint).map(byte[]::clone);
    }

    /** Whether the issuer was verified. */
    public boolean hasIssuer() {
        return issuerSpki != null;
    }

    /** Whether the path was validated against a trust anchor. */
    public boolean hasAnchor() {
        return anchorSpki != null;
    }
}
