package io.certgate.core.revocation;

import java.util.List;

/**
 * The revocation status of every checked certificate of a chain, and the verdict: REVOKED when any is revoked,
 * else UNKNOWN when any is unknown, else GOOD (also when nothing was checked because checking is off).
 */
public final class ChainStatus {
    private final List<CertificateStatus> certificates;
    private final RevocationStatus.Status verdict;

    ChainStatus(List<CertificateStatus> certificates) {
        this.certificates = List.copyOf(certificates);
        RevocationStatus.Status v = RevocationStatus.Status.GOOD;
        for (CertificateStatus c : this.certificates) {
            RevocationStatus.Status s = c.status().status();
            if (s == RevocationStatus.Status.REVOKED) {
                v = s;
                break;
            }
            if (s == RevocationStatus.Status.UNKNOWN) {
                v = s;
            }
        }
        this.verdict = v;
    }

    public RevocationStatus.Status verdict() {
        return verdict;
    }

    /** The checked certificates, in path order (nearest the anchor first). */
    public List<CertificateStatus> certificates() {
        return certificates;
    }

    /** The first certificate whose status decided a non-GOOD verdict, if any. */
    public java.util.Optional<CertificateStatus> decisive() {
        return certificates.stream().filter(c -> c.status().status() == verdict && verdict != RevocationStatus.Status.GOOD)
                .findFirst();
    }
}
