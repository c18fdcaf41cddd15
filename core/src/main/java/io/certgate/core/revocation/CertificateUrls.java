package io.certgate.core.revocation;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The OCSP responder and CRL distribution point URLs a certificate names. */
final class CertificateUrls {
    private static final String AIA = "1.3.6.1.5.5.7.1.1";
    private static final String CDP = "2.5.29.31";

    private CertificateUrls() {
    }

    /** The id-ad-ocsp URIs of the authorityInfoAccess extension; empty when absent or malformed. */
    static List<URI> ocspResponders(X509Certificate cert) {
        List<URI> out = new ArrayList<>();
        try {
            byte[] ext = CertificateExtensions.value(cert, AIA);
            if (ext == null) {
                return out;
            }
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (AccessDescription ad : aia.getAccessDescriptions()) {
                if (ad.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
                    addUri(ad.getAccessLocation(), out);
                }
            }
        } catch (Exception e) {
            // a malformed extension names no responder
        }
        return out;
    }

    /** The URIs of the full names of the cRLDistributionPoints extension, every scheme; empty when absent or malformed. */
    static List<URI> crlDistributionPoints(X509Certificate cert) {
        List<URI> out = new ArrayList<>();
        byte[] ext = CertificateExtensions.value(cert, CDP);
        if (ext == null) {
            return out;
        }
        try {
            for (CrlDistributionPoint dp : CrlDistributionPoint.parseExtension(
                    CrlDer.extensionValue(ext, "cRLDistributionPoints"), "cRLDistributionPoints")) {
                for (String uri : dp.uris()) {
                    try {
                        out.add(URI.create(uri));
                    } catch (IllegalArgumentException e) {
                        // not a URI
                    }
                }
            }
        } catch (CrlFormatException e) {
            // a malformed extension names no distribution point
        }
        return out;
    }

    private static void addUri(GeneralName gn, List<URI> out) {
        if (gn.getTagNo() == GeneralName.uniformResourceIdentifier) {
            try {
                out.add(URI.create(gn.getName().toString()));
            } catch (IllegalArgumentException e) {
                // not a URI
            }
        }
    }
}
