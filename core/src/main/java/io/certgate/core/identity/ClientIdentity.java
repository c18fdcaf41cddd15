package io.certgate.core.identity;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    private final Set<String> unreadable;
    private final PathFacts path;

    private ClientIdentity(X509Certificate cert, byte[] der) throws CertificateFormatException {
        LeftOut issues = new LeftOut();
        List<Der.Tlv> tbs = tbsFields(der);
        // Names are read from the certificate's own bytes: the JDK's X500Principal re-encodes some of them.
        this.subject = name(tbs.get(4).encoded(), "subject", false);
        this.issuer = name(tbs.get(2).encoded(), "issuer", true);
        collectNameProblems("subject", subject, issues);
        collectNameProblems("issuer", issuer, issues);
        Set<String> present = extensionOids(cert);
        this.sans = readSans(cert, present, issues);
        this.spiffeId = readSpiffeId(sans, issues);
        this.serial = cert.getSerialNumber();
        this.fingerprint = sha256(der);
        this.spkiSha256 = sha256(subjectPublicKeyInfo(tbs));
        this.extendedKeyUsages = oidList(cert, present, EKU, false, "eku", issues);
        this.policies = oidList(cert, present, POLICIES, true, "policy", issues);
        this.notBefore = cert.getNotBefore().toInstant();
        this.notAfter = cert.getNotAfter().toInstant();
        this.problems = List.copyOf(issues.messages);
        this.unreadable = Set.copyOf(issues.attributes);
        this.path = PathFacts.NONE;
    }

    private ClientIdentity(ClientIdentity leaf, PathFacts path) {
        this.subject = leaf.subject;
        this.issuer = leaf.issuer;
        this.sans = leaf.sans;
        this.spiffeId = leaf.spiffeId;
        this.serial = leaf.serial;
        this.fingerprint = leaf.fingerprint;
        this.spkiSha256 = leaf.spkiSha256;
        this.extendedKeyUsages = leaf.extendedKeyUsages;
        this.policies = leaf.policies;
        this.notBefore = leaf.notBefore;
        this.notAfter = leaf.notAfter;
        this.problems = leaf.problems;
        this.unreadable = leaf.unreadable;
        this.path = path;
    }

    /**
     * This identity with the facts of its verified path, which the rule attributes {@code issuer.spki},
     * {@code issuer.fingerprint}, {@code anchor}, {@code anchor.spki} and {@code anchor.fingerprint} read.
     */
    public ClientIdentity withPath(PathFacts path) {
        return new ClientIdentity(this, Objects.requireNonNull(path, "path"));
    }

    /** The facts of the verified path; {@link PathFacts#NONE} for an identity read from a certificate alone. */
    public PathFacts path() {
        return path;
    }

    /** SHA-256 of the SubjectPublicKeyInfo of a DER certificate, or null when its structure cannot be read. */
    static byte[] spkiSha256Of(byte[] der) {
        try {
            return sha256(subjectPublicKeyInfo(tbsFields(der)));
        } catch (CertificateFormatException e) {
            return null;
        }
    }

    static byte[] sha256Of(byte[] data) {
        return sha256(data);
    }

    /** What was left out while reading: why, for each value, and the rule attributes the values belong to. */
    private static final class LeftOut {
        final List<String> messages = new ArrayList<>();
        final Set<String> attributes = new HashSet<>();

        void add(String message, String... ofAttributes) {
            messages.add(message);
            attributes.addAll(List.of(ofAttributes));
        }
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
    private static void collectNameProblems(String which, DistinguishedName name, LeftOut into) {
        for (AttributeValue v : name.attributes()) {
            String label = which + "." + v.typeName().toLowerCase(Locale.ROOT) + ": ";
            String attribute = which + "." + v.type();
            if (v.problem().isPresent()) {
                into.add(label + v.problem().get(), which, attribute);
            } else if (v.text().isEmpty()) {
                into.add(label + "value is " + v.encoding() + ", not a character string", attribute);
            }
        }
    }

    /** The OIDs of the certificate's extensions, asked for first: for an absent one the JDK builds an exception. */
    private static Set<String> extensionOids(X509Certificate cert) {
        Set<String> oids = new HashSet<>();
        Set<String> nonCritical = cert.getNonCriticalExtensionOIDs();
        Set<String> critical = cert.getCriticalExtensionOIDs();
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
    private static SubjectAltNames readSans(X509Certificate cert, Set<String> present, LeftOut issues)
            throws CertificateFormatException {
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
            issues.messages.add("san." + p);
        }
        issues.attributes.addAll(sans.unreadable());
        if (sans.unreadable().contains("san.uri")) {
            // the URI that could not be read may have been the SPIFFE ID
            issues.attributes.add("spiffe-id");
        }
        return sans;
    }

    private static SpiffeId readSpiffeId(SubjectAltNames sans, LeftOut issues) {
        boolean anySpiffe = sans.uri().stream().anyMatch(u -> u.regionMatches(true, 0, "spiffe:", 0, 7));
        if (!anySpiffe) {
            return null;
        }
        if (sans.uriEntryCount() != 1) {
            issues.add("spiffe-id: absent, the certificate has " + sans.uriEntryCount()
                    + " URI names and an X.509-SVID must have exactly one", "spiffe-id");
            return null;
        }
        SpiffeId id;
        try {
            id = SpiffeId.parse(sans.uri().get(0));
        } catch (IllegalArgumentException e) {
            issues.add("spiffe-id: absent, " + e.getMessage(), "spiffe-id");
            return null;
        }
        if (id.path().isEmpty()) {
            // X509-SVID §3.1 and §5.2: a leaf's SPIFFE ID names a workload, never the trust domain itself.
            issues.add("spiffe-id: absent, '" + id + "' has no path and a leaf X509-SVID needs one", "spiffe-id");
            return null;
        }
        return id;
    }

    private static List<String> oidList(X509Certificate cert, Set<String> present, String extOid,
                                        boolean policyInformation, String label, LeftOut issues) {
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
            issues.add(label + ": malformed extension ignored: " + e.getMessage(), label);
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

    /**
     * Whether a value of {@code attribute} was left out (see {@link #problems()}), so that a test on the attribute
     * cannot tell what the certificate says: a rule must not treat "no value matched" as "the value is not X".
     *
     * <p>Attributes, as the rules name them: {@code subject} and {@code issuer} (a value of the name could not be
     * decoded or holds prohibited characters; a well-formed value that is not a string is not counted, as the
     * whole name still compares by its encoding); {@code subject.<oid>} and {@code issuer.<oid>} (a value of that
     * type was left out, non-string values included; a short name such as {@code subject.cn} is accepted for the
     * dotted OID); {@code san.dns}, {@code san.ip}, {@code san.email}, {@code san.uri}, {@code san.upn},
     * {@code san.other.<oid>}, {@code san.dirname} (a directoryName holding such a value), {@code san.rid};
     * {@code spiffe-id} and its parts {@code spiffe-id.trust-domain} and {@code spiffe-id.path} (a URI name could
     * not be read, or a {@code spiffe} URI was present but is no SPIFFE ID of this client: several URI names,
     * invalid, or without a path); {@code eku} and {@code policy} (the extension is malformed);
     * {@code issuer.spki} and {@code issuer.fingerprint} (no verified issuer), {@code anchor}, {@code anchor.spki}
     * and {@code anchor.fingerprint} (not validated against a trust anchor): see {@link PathFacts}. False for any
     * other name, and for attributes that are simply absent.
     */
    public boolean hasUnreadableValues(String attribute) {
        String key = attribute.toLowerCase(Locale.ROOT);
        switch (key) {
            case "issuer.spki", "issuer.fingerprint":
                return !path.hasIssuer();
            case "anchor", "anchor.spki", "anchor.fingerprint":
                return !path.hasAnchor();
            default:
                break;
        }
        if (unreadable.isEmpty()) {
            return false;
        }
        if (key.startsWith("spiffe-id.")) {
            key = "spiffe-id";
        }
        int dot = key.indexOf('.');
        if (dot > 0 && (key.startsWith("subject.") || key.startsWith("issuer."))) {
            Optional<String> oid = AttributeType.oid(key.substring(dot + 1));
            if (oid.isPresent()) {
                key = key.substring(0, dot + 1) + oid.get();
            }
        }
        return unreadable.contains(key);
    }

    byte[] rawFingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "ClientIdentity[subject=" + subject + ", issuer=" + issuer + ", serial=" + serialHex() + "]";
    }
}
