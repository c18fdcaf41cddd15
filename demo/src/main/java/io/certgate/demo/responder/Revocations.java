package io.certgate.demo.responder;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one CA knows about the certificates it issued: which serials it issued and which of those it revoked.
 * The OCSP responder answers {@code good} for an issued serial, {@code revoked} for a revoked one and
 * {@code unknown} for any other; the CRL lists the revoked ones. Thread-safe.
 */
public final class Revocations {
    /**
     * A revoked serial.
     *
     * @param serial    the serial number
     * @param at        when it was revoked (whole seconds)
     * @param reason    the RFC 5280 CRLReason code, such as 1 for keyCompromise
     */
    public record Revocation(BigInteger serial, Instant at, int reason) {
    }

    /** RFC 5280 CRLReason {@code keyCompromise}. */
    public static final int KEY_COMPROMISE = 1;

    private final Set<BigInteger> issued = ConcurrentHashMap.newKeySet();
    private final Map<BigInteger, Revocation> revoked = new ConcurrentHashMap<>();
    private volatile long version;

    /** Records that the CA issued {@code certificate}. */
    public Revocations issued(X509Certificate certificate) {
        issued.add(certificate.getSerialNumber());
        return this;
    }

    /** Revokes an issued certificate. */
    public synchronized Revocations revoke(X509Certificate certificate, Instant at, int reason) {
        BigInteger serial = certificate.getSerialNumber();
        issued.add(serial);
        revoked.put(serial, new Revocation(serial, at.truncatedTo(ChronoUnit.SECONDS), reason));
        version++;
        return this;
    }

    /** Whether the CA issued this serial. */
    public boolean isIssued(BigInteger serial) {
        return issued.contains(serial);
    }

    /** The revocation of a serial, if it is revoked. */
    public Optional<Revocation> revocation(BigInteger serial) {
        return Optional.ofNullable(revoked.get(serial));
    }

    /** Every revocation, in no particular order. */
    public List<Revocation> revoked() {
        return List.copyOf(revoked.values());
    }

    /** A number that grows with every revocation, so a CRL can tell when it is out of date. */
    public long version() {
        return version;
    }
}
