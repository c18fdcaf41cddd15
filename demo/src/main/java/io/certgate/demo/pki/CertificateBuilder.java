package io.certgate.demo.pki;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Issues one X.509 v3 certificate with BouncyCastle: an EC P-256 key, {@code SHA256withECDSA}, a random positive
 * 127-bit serial, valid from an hour ago for {@link #validFor} (default 30 days), key identifiers, and the
 * extensions asked for. Without {@link #ca()} the certificate is an end entity with keyUsage
 * {@code digitalSignature}; without {@link #issuedBy} it is self-signed.
 *
 * <pre>{@code
 * IssuedCertificate root = CertificateBuilder.subject("CN=Root").ca().build();
 * IssuedCertificate ada = CertificateBuilder.subject("CN=Ada").sanEmail("ada@example.org").clientAuth()
 *         .ocspResponder(ocsp).issuedBy(root).build();
 * }</pre>
 */
public final class CertificateBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CLIENT_AUTH = "clientAuth";
    private static final String SERVER_AUTH = "serverAuth";

    private final X500Principal subject;
    private final List<GeneralName> sans = new ArrayList<>();
    private final List<String> purposes = new ArrayList<>();
    private final List<AccessDescription> access = new ArrayList<>();
    private final List<URI> crls = new ArrayList<>();
    private boolean ca;
    private Duration validity = Duration.ofDays(30);
    private IssuedCertificate issuer;

    private CertificateBuilder(X500Principal subject) {
        this.subject = subject;
    }

    /** Starts a certificate for a subject written in RFC 4514 form, such as {@code "CN=Ada, O=Example"}. */
    public static CertificateBuilder subject(String rfc4514) {
        return new CertificateBuilder(new X500Principal(rfc4514));
    }

    /** Makes a CA certificate: basicConstraints {@code cA} and keyUsage {@code keyCertSign, cRLSign}, both critical. */
    public CertificateBuilder ca() {
        this.ca = true;
        return this;
    }

    public CertificateBuilder sanDns(String name) {
        sans.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    public CertificateBuilder sanIp(String address) {
        sans.add(new GeneralName(GeneralName.iPAddress, address));
        return this;
    }

    public CertificateBuilder sanEmail(String address) {
        sans.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    /** Adds a URI SAN, such as a SPIFFE ID. */
    public CertificateBuilder sanUri(String uri) {
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        return this;
    }

    /** Adds the extended key usage {@code id-kp-clientAuth}. */
    public CertificateBuilder clientAuth() {
        purposes.add(CLIENT_AUTH);
        return this;
    }

    /** Adds the extended key usage {@code id-kp-serverAuth}. */
    public CertificateBuilder serverAuth() {
        purposes.add(SERVER_AUTH);
        return this;
    }

    /** Names an OCSP responder in the authorityInfoAccess extension. */
    public CertificateBuilder ocspResponder(URI url) {
        access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, url.toString())));
        return this;
    }

    /** Names a CRL in the cRLDistributionPoints extension. */
    public CertificateBuilder crlDistributionPoint(URI url) {
        crls.add(url);
        return this;
    }

    /** How long the certificate stays valid after it is issued. Default 30 days. */
    public CertificateBuilder validFor(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: [" + validity + "]");
        }
        this.validity = validity;
        return this;
    }

    /** Has {@code issuer} sign the certificate. Default: self-signed. */
    public CertificateBuilder issuedBy(IssuedCertificate issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        return this;
    }

    /** Generates the key pair, signs and returns the certificate. */
    public IssuedCertificate build() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Principal issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(127, RANDOM).setBit(0),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
            extensions(b, keys);
            var signer = new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(issuer == null ? keys.getPrivate() : issuer.privateKey());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            return issuer == null ? IssuedCertificate.selfSigned(certificate, keys.getPrivate())
                    : IssuedCertificate.issuedBy(issuer, certificate, keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject.getName() + ": " + e, e);
        }
    }

    private void extensions(X509v3CertificateBuilder b, KeyPair keys) throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        if (!purposes.isEmpty()) {
            KeyPurposeId[] ids = purposes.stream()
                    .map(p -> p.equals(CLIENT_AUTH) ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth)
                    .toArray(KeyPurposeId[]::new);
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(
                issuer == null ? keys.getPublic() : issuer.certificate().getPublicKey()));
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        if (!access.isEmpty()) {
            b.addExtension(Extension.authorityInfoAccess, false,
                    new AuthorityInformationAccess(access.toArray(new AccessDescription[0])));
        }
        if (!crls.isEmpty()) {
            DistributionPoint[] points = crls.stream().map(u -> new DistributionPoint(new DistributionPointName(
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, u.toString()))), null, null))
                    .toArray(DistributionPoint[]::new);
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
        }
    }
}
