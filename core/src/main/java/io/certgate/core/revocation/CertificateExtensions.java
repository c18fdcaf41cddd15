package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.util.Set;

/** Reads certificate extensions through the JDK without its cost for absent ones. */
final class CertificateExtensions {
    private CertificateExtensions() {
    }

    /**
     * {@code cert.getExtensionValue(oid)}, asked only when the certificate has the extension: for an absent one
     * the JDK builds and drops an exception, which costs more than looking at the extension OIDs first.
     */
    static byte[] value(X509Certificate cert, String oid) {
        Set<String> nonCritical = cert.getNonCriticalExtensionOIDs();
        if (nonCritical != null && nonCritical.contains(oid)) {
            return cert.getExtensionValue(oid);
        }
        Set<String> critical = cert.getCriticalExtensionOIDs();
        return critical != null && critical.contains(oid) ? cert.getExtensionValue(oid) : null;
    }
}
