package io.certgate.core.revocation;

import io.certgate.core.identity.DistinguishedName;

import java.security.PublicKey;

/**
 * Benchmark-only access to certgate's package-private CRL classes ({@link Crl}, {@link CrlEntries}). It lives in
 * the benchmarks module under core's package so that it can see them; the shaded benchmarks jar holds both.
 * Each method does what certgate itself does, nothing more: {@link #parse} is {@link ParsedCrls#parse}'s work,
 * {@link #isSignedBy} is the check {@link CrlCheck} makes before using a CRL, and {@link #lookup} mirrors
 * {@code CrlCheck.lookup} (index search, then the issuer match), returning a primitive instead of a {@code Hit}.
 */
public final class CrlBenchmarkAccess {
    private final Crl crl;

    private CrlBenchmarkAccess(Crl crl) {
        this.crl = crl;
    }

    /** Parses a DER CRL as certgate does when a source hands it a new one. */
    public static CrlBenchmarkAccess parse(byte[] der) throws CrlFormatException {
        return new CrlBenchmarkAccess(Crl.parse(der));
    }

    /** Whether the CRL's signature verifies with {@code key} (remembers the last key that verified). */
    public boolean isSignedBy(PublicKey key) {
        return crl.isSignedBy(key);
    }

    /** The number of entries. */
    public int size() {
        return crl.entries().size();
    }

    /** The CRL issuer. */
    public DistinguishedName issuer() {
        return crl.issuer();
    }

    /** certgate's own estimate of the heap the parsed CRL keeps ({@code Crl.retainedBytes()}). */
    public long retainedBytesEstimate() {
        return crl.retainedBytes();
    }

    /**
     * The lookup certgate makes for a certificate: {@code serial} is the DER INTEGER contents of its serial
     * number (as from {@link java.math.BigInteger#toByteArray()}, computed once per certificate), {@code issuer}
     * its issuer name (parsed once per certificate). Returns -1 when the CRL does not list the serial for that
     * issuer, else {@code revocationTime << 8 | (reason & 0xff)} (epoch seconds; reason -1, i.e. 0xff, when the
     * entry has no reasonCode).
     */
    public long lookup(byte[] serial, DistinguishedName issuer) {
        CrlEntries entries = crl.entries();
        int i = entries.first(serial);
        if (i < 0) {
            return -1;
        }
        do {
            int id = entries.issuer(i);
            boolean sameIssuer = id == 0 ? crl.issuer().matches(issuer)
                    : CrlGeneralName.anyDirectoryName(crl.entryIssuer(id), issuer);
            if (sameIssuer) {
                return (entries.revocationTime(i) << 8) | (entries.reason(i) & 0xff);
            }
            i++;
        } while (entries.hasSerial(i, serial));
        return -1;
    }

    /** The reason code (-1 when absent) of a {@link #lookup} result. */
    public static int reason(long lookup) {
        return (byte) lookup;
    }

    /** The revocation time (epoch seconds) of a {@link #lookup} result. */
    public static long revocationTime(long lookup) {
        return lookup >> 8;
    }
}
