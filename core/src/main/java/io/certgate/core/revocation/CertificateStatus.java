package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The revocation status of one certificate of a chain.
 *
 * @param index       its position in the path, trust anchor = 0, leaf last
 * @param certificate the certificate
 * @param status      what certgate established
 */
public record CertificateStatus(int index, X509Certificate certificate, RevocationStatus status) {
    public CertificateStatus {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(status, "status");
    }
}
