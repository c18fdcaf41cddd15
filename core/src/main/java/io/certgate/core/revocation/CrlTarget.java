package io.certgate.core.revocation;

import io.certgate.core.identity.DistinguishedName;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What CRL processing needs from the certificate whose status is checked: serial, issuer, whether it is a CA, its
 * version, and its distribution points. Immutable.
 */
final class CrlTarget {
    private static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    private static final String FRESHEST_CRL = "2.5.29.46";
    private static final String ISSUER_ALT_NAME = "2.5.29.18";

    final X509Certificate certificate;
    final BigInteger serialNumber;
    /** The serial's DER INTEGER contents, as the CRL index stores them. */
    final byte[] serial;
    final DistinguishedName issuer;
    final CrlGeneralName issuerName;
    final boolean ca;
    final int version;
    /** The cRLDistributionPoints, empty when the certificate has none. */
    final List<CrlDistributionPoint> distributionPoints;
    /**
     * The distribution point RFC 5280 §6.3.3 assumes for CRLs "not specified in a distribution point but issued by
     * the certificate issuer": fullName = the issuer name (and issuerAltName), no reasons, no cRLIssuer.
     */
    final CrlDistributionPoint issuerPoint;
    /** The certificate's freshestCRL distribution points (where delta CRLs are), empty when it has none. */
    final List<CrlDistributionPoint> freshestCrlPoints;
    final boolean freshestCrl;

    private CrlTarget(X509Certificate certificate) throws CrlFormatException {
        this.certificate = certificate;
        this.serialNumber = certificate.getSerialNumber();
        this.serial = serialNumber.toByteArray();
        this.issuerName = CrlGeneralName.directoryName(certificate.getIssuerX500Principal().getEncoded());
        this.issuer = issuerName.directoryName();
        this.ca = certificate.getBasicConstraints() >= 0;
        this.version = certificate.getVersion();
        byte[] dps = CertificateExtensions.value(certificate, CRL_DISTRIBUTION_POINTS);
        this.distributionPoints = dps == null ? List.of()
                : CrlDistributionPoint.parseExtension(CrlDer.extensionValue(dps, "cRLDistributionPoints"),
                        "cRLDistributionPoints");
        List<CrlGeneralName> names = new ArrayList<>(2);
        names.add(issuerName);
        byte[] ian = CertificateExtensions.value(certificate, ISSUER_ALT_NAME);
        if (ian != null) {
            try {
                names.addAll(CrlGeneralName.parseGeneralNames(CrlDer.extensionValue(ian, "issuerAltName"),
                        "issuerAltName"));
            } catch (CrlFormatException e) {
                // issuerAltName only adds names a CRL may match; without them matching is narrower, not wider.
            }
        }
        this.issuerPoint = new CrlDistributionPoint(CrlDistributionPointName.of(names), CrlReason.ALL_REASONS, null);
        byte[] freshest = CertificateExtensions.value(certificate, FRESHEST_CRL);
        this.freshestCrlPoints = freshest == null ? List.of()
                : CrlDistributionPoint.parseExtension(CrlDer.extensionValue(freshest, "freshestCRL"), "freshestCRL");
        this.freshestCrl = freshest != null;
    }

    /**
     * Reads {@code certificate}.
     *
     * @throws CrlFormatException when its issuer name or cRLDistributionPoints extension cannot be read
     */
    static CrlTarget of(X509Certificate certificate) throws CrlFormatException {
        return new CrlTarget(certificate);
    }

    /** For messages: {@code serial 0x1f3a (issuer CN=CA,O=Example)}. */
    String describe() {
        return describe(serialNumber, issuer);
    }

    static String describe(BigInteger serialNumber, DistinguishedName issuer) {
        return "serial " + CrlDer.serialHex(serialNumber) + " (issuer " + issuer + ")";
    }
}
