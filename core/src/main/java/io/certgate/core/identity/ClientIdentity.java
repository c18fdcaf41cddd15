package io.certgate.core.identity;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything certgate's rules can address about a client, read once from the leaf certificate of a verified
 * chain: subject and issuer names, subject alternative names, SPIFFE ID, serial, fingerprints, extended key
 * usages and policies. Immutable and thread-safe.
 *
 * <p>Hostile encodings never confuse identity: names are parsed from DER, never from strings; values that
 * cannot be decoded or hold control characters are absent for matching and listed in {@link #problems()}.
 */
public final class ClientIdentity {
    private static final String SAN = "2.5.29.17";
    private static final String EKU = "2.5.29.37";
    private static final String POLICIES = "2.5.29.32";
    /** Never used itself: a fresh, unused digest to clone. */
    private static final MessageDigest SHA_256 = newSha256();

    private final DistinguishedName subject;
    private final DistinguishedName issuer;
    private final SubjectAltNames sans;
    private final SpiffeId spiffeId;
    private final BigInteger serial;
    private final byte[] fingerprint;
    private final byte[] spkiSha256;
    private final List<String> extendedKeyUsages;
    private final List<String> policies;
    private final Instant notBefore;
    private final Instant notAfter;
    private final List<String> problems;

    private ClientIdentity(X509Certificate cert, byte[] der) throws CertificateFormatException {
        List<String> issues = new ArrayList<>();
        List<Der.Tlv> tbs = tbsFields(der);
        // Names are read from the certificate's own bytes: the JDK's X500Principal re-encodes some of them.
        this.subject = name(tbs.get(4).encoded(), "subject", false);
        this.issuer = name(tbs.get(2).encoded(), "issuer", true);
        collectNameProblems("subject", subject, issues);
        collectNameProblems("issuer", issuer, issues);
        java.util.Set<String> present = extensionOids(cert);
        this.sans = readSans(cert, present, issues);
        this.spiffeId = readSpiffeId(sans, issues);
        this.serial = cert.getSerialNumber();
        this.fingerprint = sha256(der);
        this.spkiSha256 = sha256(subjectPublicKeyInfo(tbs));
        this.extendedKeyUsages = oidList(cert, present, EKU, false, "eku", issues);
        this.policies = oidList(cert, present, POLICIES, true, "policy", issues);
        this.notBefore = cert.getNotBefore().toInstant();
        this.notAfter = cert.getNotAfter().toInstant();
        this.problems = Collections.unmodifiableList(issues);
    }

    /**
     * Reads the identity of a certificate. The certificate is assumed verified by the TLS stack; this method
     * checks nothing about trust.
     *
     * @throws CertificateFormatException when the certificate's names (subject, issuer, subjectAltName extension)
     *                                    or public key cannot be read at all
     */
    public static ClientIdentity of(X509Certificate certificate) throws CertificateFormatException {
        Objects.requireNonNull(certificate, "certificate");
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CertificateFormatException("certificate cannot be encoded: " + e.getMessage());
        }
        return new ClientIdentity(certificate, der);
    }

    private static DistinguishedName name(byte[] der, String which, boolean recurring)
            throws CertificateFormatException {
        try {
            return recurring ? DistinguishedName.fromDerShared(der) : DistinguishedName.fromDer(der);
        } catch (CertificateFormatException e) {
            throw new CertificateFormatException(which + ": " + e.getMessage());
        }
    }

    /**
     * Values with a problem, and values that are not character strings: the latter still compare by encoding in a
     * whole name, but are absent from {@code subject.<attr>}.
     */
    private static void collectNameProblems(String which, DistinguishedName name, List<String> into) {
        for (AttributeValue v : name.attributes()) {
            String label = which + "." + v.typeName().toLowerCase(java.util.Locale.ROOT) + ": ";
            if (v.problem().isPresent()) {
                into.add(label + v.problem().get());
            } else if (v.text().isEmpty()) {
                into.add(label + "value is " + v.encoding() + ", not a character string");
            }
        }
    }

    /** The OIDs of the certificate's extensions, asked for first: for an absent one the JDK builds an exception. */
    private static java.util.Set<String> extensionOids(X509Certificate cert) {
        java.util.Set<String> oids = new java.util.HashSet<>();
        java.util.Set<String> nonCritical = cert.getNonCriticalExtensionOIDs();
        java.util.Set<String> critical = cert.getCriticalExtensionOIDs();
        if (nonCritical != null) {
            oids.addAll(nonCritical);
        }
        if (critical != null) {
            oids.addAll(critical);
        }
        return oids;
    }

    /**
     * A subjectAltName extension that is not a valid GeneralNames makes the certificate unreadable, as a malformed
     * subject does: ignoring it would leave every {@code san.*} attribute absent, and a negated test true.
     */
    private static SubjectAltNames readSans(X509Certificate cert, java.util.Set<String> present,
                                            List<String> issues) throws CertificateFormatException {
        byte[] ext = present.contains(SAN) ? cert.getExtensionValue(SAN) : null;
        if (ext == null) {
            return SubjectAltNames.none();
        }
        SubjectAltNames sans;
        try {
            sans = SubjectAltNames.fromExtension(octetStringContent(ext));
        } catch (DerException e) {
            throw new CertificateFormatException("subjectAltName: malformed extension: " + e.getMessage());
        }
        for (String p : sans.problems()) {
            issues.add("san." + p);
        }
        return sans;
    }

    private static SpiffeId readSpiffeId(SubjectAltNames sans, List<String> issues) {
        boolean anySpiffe = sans.uri().stream().anyMatch(u -> u.regionMatches(true, 0, "spiffe:", 0, 7));
        if (!anySpiffe) {
            return null;
        }
        if (sans.uriEntryCount() != 1) {
            issues.add("spiffe-id: absent, the certificate has " + sans.uriEntryCount()
                    + " URI names and an X.509-SVID must have exactly one");
            return null;
        }
        SpiffeId id;
        try {
            id = SpiffeId.parse(sans.uri().get(0));
        } catch (IllegalArgumentException e) {
            issues.add("spiffe-id: absent, " + e.getMessage());
            return null;
        }
        if (id.path().isEmpty()) {
            // X509-SVID §3.1 and §5.2: a leaf's SPIFFE ID names a workload, never the trust domain itself.
            issues.add("spiffe-id: absent, '" + id + "' has no path and a leaf X509-SVID needs one");
            return null;
        }
        return id;
    }

    private static List<String> oidList(X509Certificate cert, java.util.Set<String> present, String extOid,
                                        boolean policyInformation, String label, List<String> issues) {
        byte[] ext = present.contains(extOid) ? cert.getExtensionValue(extOid) : null;
        if (ext == null) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (Der.Tlv item : Der.parse(octetStringContent(ext)).expect(Der.SEQUENCE).children()) {
                Der.Tlv oid = policyInformation ? item.expect(Der.SEQUENCE).children().get(0) : item;
                out.add(Der.oid(oid));
            }
            return List.copyOf(out);
        } catch (DerException | IndexOutOfBoundsException e) {
            issues.add(label + ": malformed extension ignored: " + e.getMessage());
            return List.of();
        }
    }

    private static byte[] octetStringContent(byte[] extensionValue) throws DerException {
        return Der.parse(extensionValue).expect(Der.OCTET_STRING).content();
    }

    /**
     * The TBSCertificate fields from serialNumber on: serial, signature, issuer, validity, subject,
     * subjectPublicKeyInfo, then optional ones.
     */
    private static List<Der.Tlv> tbsFields(byte[] der) throws CertificateFormatException {
        try {
            List<Der.Tlv> tbs = Der.parse(der).expect(Der.SEQUENCE).children().get(0).expect(Der.SEQUENCE).children();
            List<Der.Tlv> fields = tbs.get(0).tag() == 0xa0 ? tbs.subList(1, tbs.size()) : tbs;
            if (fields.size() < 6) {
                throw new DerException("TBSCertificate has " + fields.size() + " fields after the version");
            }
            return fields;
        } catch (DerException | IndexOutOfBoundsException e) {
            throw new CertificateFormatException("cannot read the certificate structure: " + e.getMessage());
        }
    }

    /** The exact SubjectPublicKeyInfo bytes, as HPKP and Envoy pin them. */
    private static byte[] subjectPublicKeyInfo(List<Der.Tlv> tbs) throws CertificateFormatException {
        try {
            return tbs.get(5).expect(Der.SEQUENCE).encoded();
        } catch (DerException e) {
            throw new CertificateFormatException("cannot locate the subject public key: " + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            // A clone skips the provider lookup of getInstance.
            return ((MessageDigest) SHA_256.clone()).digest(data);
        } catch (CloneNotSupportedException e) {
            return newSha256().digest(data);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    public DistinguishedName subject() {
        return subject;
    }

    public DistinguishedName issuer() {
        return issuer;
    }

    public SubjectAltNames subjectAltNames() {
        return sans;
    }

    /**
     * The SPIFFE ID: present only when the certificate has exactly one URI name, it has the {@code spiffe}
     * scheme, and it is a valid SPIFFE ID with a path, as the leaf of an X.509-SVID needs.
     */
    public Optional<SpiffeId> spiffeId() {
        return Optional.ofNullable(spiffeId);
    }

    public BigInteger serial() {
        return serial;
    }

    /** The serial number in lower-case hex (two's complement sign as a leading '-'). */
    public String serialHex() {
        return serial.toString(16);
    }

    /** SHA-256 of the certificate's DER encoding. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** SHA-256 of the DER encoding, lower-case hex without separators. */
    public String fingerprintHex() {
        return Der.hex(fingerprint);
    }

    /** SHA-256 of the SubjectPublicKeyInfo. */
    public byte[] spkiSha256() {
        return spkiSha256.clone();
    }

    /** SHA-256 of the SubjectPublicKeyInfo in standard base64, the HPKP and Envoy pin form. */
    public String spkiPin() {
        return Base64.getEncoder().encodeToString(spkiSha256);
    }

    /** Extended key usage purpose OIDs, in certificate order. */
    public List<String> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    /** Certificate policy OIDs, in certificate order. */
    public List<String> policies() {
        return policies;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    /** Values left out because they could not be decoded or are not acceptable, with the reason for each. */
    public List<String> problems() {
        return problems;
    }

    byte[] rawFingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "ClientIdentity[subject=" + subject + ", issuer=" + issuer + ", serial=" + serialHex() + "]";
    }
}
