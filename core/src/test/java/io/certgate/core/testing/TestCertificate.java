package io.certgate.core.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate and its key pair, made for tests: roots, intermediates, client certificates and
 * deliberately hostile ones.
 *
 * <p>Modelled on okhttp-tls's {@code HeldCertificate}: every option is a named builder method and
 * the defaults are safe and realistic (EC P-256 key, {@code SHA256withECDSA}, a random positive
 * 128-bit serial, valid from one hour ago for one day, self-signed, subject {@code CN=test}).
 *
 * <pre>{@code
 * TestCertificate root = TestCertificate.builder().subject("CN=Root").ca(1).build();
 * TestCertificate alice = TestCertificate.builder()
 *     .subject("CN=alice,O=Example")
 *     .sanEmail("alice@example.org")
 *     .clientAuth()
 *     .signedBy(root)
 *     .build();
 * X509Certificate[] presented = alice.chainArray();   // alice, root
 * }</pre>
 *
 * <p>Names given as bytes ({@link Builder#subject(byte[])}, {@link Builder#issuerName(byte[])}) are
 * written into the certificate byte for byte, even when they are not canonical DER, so tests can
 * exercise BMPString, T61String, UniversalString, embedded NULs, unsorted multi-valued RDNs and the
 * like. The certificate is parsed back with the JDK's {@code CertificateFactory}, exactly as a
 * servlet container would see it; what the JDK refuses outright (an empty issuer name, for one)
 * makes {@link Builder#build()} throw. Instances are immutable.
 */
public final class TestCertificate {

    /** Extended key usage {@code id-kp-clientAuth}. */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** Microsoft's user principal name otherName type, {@code szOID_NT_PRINCIPAL_NAME}. */
    public static final String UPN = "1.3.6.1.4.1.311.20.2.3";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final KeyPair keyPair;
    private final List<X509Certificate> chain;
    private final byte[] subjectName;

    private TestCertificate(X509Certificate certificate, KeyPair keyPair, TestCertificate issuer,
            byte[] subjectName) {
        this.certificate = certificate;
        this.keyPair = keyPair;
        this.subjectName = subjectName;
        List<X509Certificate> list = new ArrayList<>();
        list.add(certificate);
        if (issuer != null) {
            list.addAll(issuer.chain);
        }
        this.chain = List.copyOf(list);
    }

    /** Returns a new builder with the defaults described on {@link TestCertificate}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The certificate, as parsed by the JDK's {@code CertificateFactory}. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate's key pair. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The certificate's private key. */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /**
     * This certificate followed by its issuer's chain, up to and including the self-signed root:
     * the order in which a TLS client presents its chain. Unmodifiable.
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** {@link #chain()} as a new array, the shape servlet containers use for client certificates. */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** This certificate alone, PEM-encoded. */
    public String certificatePem() {
        return pem("CERTIFICATE", der());
    }

    /** {@link #chain()} PEM-encoded, leaf first. */
    public String chainPem() {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chain) {
            out.append(pem("CERTIFICATE", encoded(c)));
        }
        return out.toString();
    }

    /** The private key as unencrypted PKCS#8 PEM, made at run time and never written by the project. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /** The certificate's DER encoding (a fresh copy). */
    public byte[] der() {
        return encoded(certificate);
    }

    @Override
    public String toString() {
        return "TestCertificate[" + certificate.getSubjectX500Principal() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Builds a {@link TestCertificate}. Each option has a safe default; calling an option again
     * replaces the earlier value, except the {@code san*}, {@code extendedKeyUsage}, {@code
     * policies}, AIA and CRL options, which add. A builder may be reused: each {@link #build()}
     * makes a new certificate, with a new key and serial unless those were set.
     */
    public static final class Builder {
        private byte[] subject = encodeName("CN=test");
        private byte[] issuerName;
        private BigInteger serial;
        private Instant notBefore;
        private Instant notAfter;
        private boolean ca;
        private int maxPathLength = -1;
        private int rsaBits;
        private KeyPair keyPair;
        private String signatureAlgorithm;
        private TestCertificate issuer;
        private final List<GeneralName> sans = new ArrayList<>();
        private final Set<String> extendedKeyUsages = new LinkedHashSet<>();
        private final List<String> policies = new ArrayList<>();
        private final List<AccessDescription> authorityInfoAccess = new ArrayList<>();
        private final List<DistributionPoint> crlDistributionPoints = new ArrayList<>();
        private final Map<String, Extension> extensions = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the subject from an RFC 4514 string, most specific RDN first, e.g. {@code
         * "CN=alice,OU=ops,O=Example"}. Parsed by {@link X500Principal}, so the certificate's
         * {@code getSubjectX500Principal().getName()} reads the same way. Default {@code CN=test}.
         * An empty string gives an empty subject (the SAN extension is then marked critical).
         */
        public Builder subject(String rfc4514) {
            this.subject = encodeName(rfc4514);
            return this;
        }

        /**
         * Sets the subject to the DER of a {@code Name}, written into the certificate unchanged
         * (for hostile encodings). The bytes must hold exactly one ASN.1 element.
         */
        public Builder subject(byte[] encodedName) {
            this.subject = checkedName(encodedName);
            return this;
        }

        /**
         * Overrides the issuer name bytes written into the certificate, which by default are the
         * signer's subject (or this certificate's own subject when self-signed). The certificate
         * is still signed with {@link #signedBy}'s key.
         */
        public Builder issuerName(byte[] encodedName) {
            this.issuerName = checkedName(encodedName);
            return this;
        }

        /**
         * Sets the serial number. By default each build gets a random positive serial of at most
         * 16 bytes. Any value is accepted, including zero, negative and over-20-byte ones.
         */
        public Builder serial(BigInteger serial) {
            this.serial = Objects.requireNonNull(serial, "serial");
            return this;
        }

        /**
         * Sets the validity period (whole seconds are kept). Default: from one hour before
         * {@link #build()} to one day after it. Either end may be in the past or the future.
         */
        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /**
         * Makes this a CA certificate: basicConstraints {@code cA=TRUE} (critical) with the given
         * {@code pathLenConstraint}, or none when {@code maxPathLength} is -1, and keyUsage
         * {@code keyCertSign | cRLSign} (critical). Without it the certificate is an end entity
         * with keyUsage {@code digitalSignature} (critical) and no basicConstraints.
         */
        public Builder ca(int maxPathLength) {
            if (maxPathLength < -1) {
                throw new IllegalArgumentException("maxPathLength must be -1 or more: " + maxPathLength);
            }
            this.ca = true;
            this.maxPathLength = maxPathLength;
            return this;
        }

        /** Generates an RSA key of the given size instead of the default EC P-256 key. */
        public Builder rsa(int bits) {
            this.rsaBits = bits;
            this.keyPair = null;
            return this;
        }

        /**
         * Uses the given key pair instead of generating one (e.g. to re-issue a certificate for
         * the same key). Its algorithm must be EC or RSA unless {@link #signatureAlgorithm} is set
         * on the certificates it signs.
         */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /**
         * Sets the JCA signature algorithm the issuer signs with, e.g. {@code SHA384withECDSA}.
         * Default: {@code SHA256withECDSA} for an EC issuer key, {@code SHA256withRSA} for RSA.
         */
        public Builder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Adds subjectAltName dNSName entries. */
        public Builder sanDns(String... names) {
            for (String name : names) {
                sans.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        /**
         * Adds subjectAltName iPAddress entries from IPv4 or IPv6 literals, parsed without any DNS
         * lookup. An IPv4-mapped IPv6 literal ({@code ::ffff:1.2.3.4}) stays 16 bytes.
         */
        public Builder sanIp(String... addresses) {
            for (String address : addresses) {
                if (!IPAddress.isValidIPv4(address) && !IPAddress.isValidIPv6(address)) {
                    throw new IllegalArgumentException("not an IP address literal: " + address);
                }
                sans.add(new GeneralName(GeneralName.iPAddress, address));
            }
            return this;
        }

        /** Adds a subjectAltName iPAddress whose OCTET STRING holds exactly {@code raw}, any length. */
        public Builder sanIpBytes(byte[] raw) {
            sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(raw.clone())));
            return this;
        }

        /** Adds subjectAltName rfc822Name (email) entries. */
        public Builder sanEmail(String... addresses) {
            for (String address : addresses) {
                sans.add(new GeneralName(GeneralName.rfc822Name, address));
            }
            return this;
        }

        /** Adds subjectAltName uniformResourceIdentifier entries, e.g. SPIFFE IDs. */
        public Builder sanUri(String... uris) {
            for (String uri : uris) {
                sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            }
            return this;
        }

        /**
         * Adds a Microsoft user principal name: otherName {@value #UPN} whose value is {@code [0]
         * EXPLICIT UTF8String}.
         */
        public Builder sanUpn(String upn) {
            return sanOtherName(UPN, new DERUTF8String(upn));
        }

        /** Adds a subjectAltName otherName; {@code value} is wrapped in {@code [0] EXPLICIT}. */
        public Builder sanOtherName(String oid, ASN1Encodable value) {
            OtherName name = new OtherName(new ASN1ObjectIdentifier(oid), value);
            sans.add(new GeneralName(GeneralName.otherName, name));
            return this;
        }

        /** Adds a subjectAltName directoryName, parsed like {@link #subject(String)}. */
        public Builder sanDirectoryName(String rfc4514) {
            sans.add(new GeneralName(X500Name.getInstance(encodeName(rfc4514))));
            return this;
        }

        /** Adds a subjectAltName registeredID. */
        public Builder sanRegisteredId(String oid) {
            sans.add(new GeneralName(GeneralName.registeredID, new ASN1ObjectIdentifier(oid)));
            return this;
        }

        /**
         * Adds any subjectAltName entry as given, e.g. {@code new GeneralName(GeneralName.dNSName,
         * new DERIA5String("a\0.example", false))}.
         */
        public Builder sanRaw(GeneralName name) {
            sans.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Adds extendedKeyUsage purposes by OID (non-critical extension). */
        public Builder extendedKeyUsage(String... oids) {
            extendedKeyUsages.addAll(List.of(oids));
            return this;
        }

        /** Adds extendedKeyUsage {@code clientAuth} ({@value #CLIENT_AUTH}). */
        public Builder clientAuth() {
            return extendedKeyUsage(CLIENT_AUTH);
        }

        /** Adds certificatePolicies policy OIDs, without qualifiers. */
        public Builder policies(String... oids) {
            policies.addAll(List.of(oids));
            return this;
        }

        /**
         * Adds an arbitrary extension; {@code derValue} is the DER that goes inside extnValue's
         * OCTET STRING. It replaces any extension with the same OID that the builder would add
         * itself (basicConstraints, keyUsage, subjectKeyIdentifier, subjectAltName ...).
         */
        public Builder extension(String oid, boolean critical, byte[] derValue) {
            extensions.put(oid, new Extension(new ASN1ObjectIdentifier(oid), critical, derValue.clone()));
            return this;
        }

        /** Adds an authorityInfoAccess {@code id-ad-ocsp} URI. */
        public Builder ocspResponder(String url) {
            authorityInfoAccess.add(new AccessDescription(AccessDescription.id_ad_ocsp, uri(url)));
            return this;
        }

        /** Adds an authorityInfoAccess {@code id-ad-caIssuers} URI. */
        public Builder caIssuers(String url) {
            authorityInfoAccess.add(new AccessDescription(AccessDescription.id_ad_caIssuers, uri(url)));
            return this;
        }

        /**
         * Adds one CRL distribution point whose fullName lists the given URLs (alternative
         * locations of the same CRL). Call again for another distribution point.
         */
        public Builder crlDistributionPoint(String... urls) {
            GeneralName[] names = new GeneralName[urls.length];
            for (int i = 0; i < urls.length; i++) {
                names[i] = uri(urls[i]);
            }
            DistributionPointName name = new DistributionPointName(new GeneralNames(names));
            crlDistributionPoints.add(new DistributionPoint(name, null, null));
            return this;
        }

        /**
         * Has {@code issuer} sign the certificate; its subject becomes the issuer name and its
         * key identifier the authorityKeyIdentifier. Default: self-signed.
         */
        public Builder signedBy(TestCertificate issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * Generates the key (unless one was given), signs and returns the certificate.
         *
         * @throws IllegalStateException if the JDK cannot generate, sign or parse it (the JDK's
         *     parser rejects some hostile certificates, e.g. one with an empty issuer name)
         */
        public TestCertificate build() {
            try {
                KeyPair keys = keyPair != null ? keyPair : generateKeyPair(rsaBits);
                PrivateKey signingKey = issuer != null ? issuer.privateKey() : keys.getPrivate();
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                        : defaultSignatureAlgorithm(signingKey);
                ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(signingKey);

                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Instant from = notBefore != null ? notBefore : now.minus(Duration.ofHours(1));
                Instant until = notAfter != null ? notAfter : now.plus(Duration.ofDays(1));
                byte[] issuerBytes = issuerName != null ? issuerName
                        : issuer != null ? issuer.subjectName : subject;
                byte[] algorithmId = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);

                // TBSCertificate assembled from encoded parts so that raw names stay byte-exact.
                byte[] tbs = sequence(
                        new DERTaggedObject(true, 0, new ASN1Integer(2)).getEncoded(ASN1Encoding.DER),
                        new ASN1Integer(serial != null ? serial : randomSerial()).getEncoded(ASN1Encoding.DER),
                        algorithmId,
                        issuerBytes,
                        new DERSequence(new ASN1Encodable[] {
                            new Time(Date.from(from)), new Time(Date.from(until))
                        }).getEncoded(ASN1Encoding.DER),
                        subject,
                        keys.getPublic().getEncoded(),
                        new DERTaggedObject(true, 3, extensions(keys)).getEncoded(ASN1Encoding.DER));
                try (OutputStream out = signer.getOutputStream()) {
                    out.write(tbs);
                }
                byte[] der = sequence(tbs, algorithmId,
                        new DERBitString(signer.getSignature()).getEncoded(ASN1Encoding.DER));

                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(der));
                return new TestCertificate(certificate, keys, issuer, subject);
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot build test certificate: " + e, e);
            }
        }

        private Extensions extensions(KeyPair keys) throws GeneralSecurityException, IOException {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            Map<String, Extension> all = new LinkedHashMap<>();
            if (ca) {
                BasicConstraints constraints = maxPathLength < 0
                        ? new BasicConstraints(true) : new BasicConstraints(maxPathLength);
                put(all, Extension.basicConstraints, true, constraints);
                put(all, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                put(all, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!extendedKeyUsages.isEmpty()) {
                KeyPurposeId[] purposes = extendedKeyUsages.stream()
                        .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                        .toArray(KeyPurposeId[]::new);
                put(all, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            put(all, Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                put(all, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(utils, issuer));
            }
            if (!sans.isEmpty()) {
                // RFC 5280 4.2.1.6: critical when the subject is empty.
                boolean emptySubject = subject.length == 2 && subject[0] == 0x30 && subject[1] == 0;
                put(all, Extension.subjectAlternativeName, emptySubject,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            if (!policies.isEmpty()) {
                PolicyInformation[] info = policies.stream()
                        .map(oid -> new PolicyInformation(new ASN1ObjectIdentifier(oid)))
                        .toArray(PolicyInformation[]::new);
                put(all, Extension.certificatePolicies, false, new CertificatePolicies(info));
            }
            if (!authorityInfoAccess.isEmpty()) {
                put(all, Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        authorityInfoAccess.toArray(new AccessDescription[0])));
            }
            if (!crlDistributionPoints.isEmpty()) {
                put(all, Extension.cRLDistributionPoints, false,
                        new CRLDistPoint(crlDistributionPoints.toArray(new DistributionPoint[0])));
            }
            all.putAll(extensions);
            return new Extensions(all.values().toArray(new Extension[0]));
        }

        private static void put(Map<String, Extension> all, ASN1ObjectIdentifier oid, boolean critical,
                ASN1Encodable value) throws IOException {
            all.put(oid.getId(), new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
        }

        /** The issuer's own subjectKeyIdentifier when it has one, else one computed from its key. */
        private static ASN1Encodable authorityKeyIdentifier(JcaX509ExtensionUtils utils, TestCertificate issuer)
                throws IOException {
            byte[] ski = issuer.certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ski == null) {
                return utils.createAuthorityKeyIdentifier(issuer.keyPair.getPublic());
            }
            byte[] id = SubjectKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
            return new AuthorityKeyIdentifier(id);
        }
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    private static byte[] encodeName(String rfc4514) {
        return new X500Principal(rfc4514).getEncoded();
    }

    private static byte[] checkedName(byte[] encodedName) {
        byte[] copy = encodedName.clone();
        try {
            ASN1Primitive.fromByteArray(copy); // one well-formed element, nothing after it
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a single ASN.1 element: " + e.getMessage(), e);
        }
        return copy;
    }

    private static KeyPair generateKeyPair(int rsaBits) throws GeneralSecurityException {
        if (rsaBits > 0) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(rsaBits, RANDOM);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static String defaultSignatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalStateException("no default signature algorithm for a "
                    + key.getAlgorithm() + " key: set signatureAlgorithm(...)");
        };
    }

    private static BigInteger randomSerial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f; // positive, and at most 16 bytes in DER
        return new BigInteger(1, bytes);
    }

    /** DER SEQUENCE of already-encoded elements. */
    private static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            content.writeBytes(element);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
