package io.certgate.core.revocation;

import java.util.Arrays;

/**
 * A CRL's issuingDistributionPoint extension (RFC 5280 §5.2.5): the CRL's scope. Immutable.
 *
 * <p>Parsing enforces the profile: the sequence must not be empty, fields come in order and at most once, at most
 * one of onlyContainsUserCerts / onlyContainsCACerts / onlyContainsAttributeCerts is true, and
 * onlyContainsAttributeCerts must not be asserted at all ("conforming CRL issuers MUST set ... to FALSE"), which
 * also makes such a CRL unusable for public-key certificates. An explicitly encoded FALSE for a DEFAULT FALSE
 * boolean is tolerated (it is BER rather than DER, but unambiguous, and issued in the wild; rustls/webpki accepts it).
 */
final class CrlIssuingDistributionPoint {
    private final CrlDistributionPointName name;
    private final boolean onlyUserCerts;
    private final boolean onlyCaCerts;
    private final int onlySomeReasons;
    private final boolean indirect;
    private final byte[] encoded;

    private CrlIssuingDistributionPoint(CrlDistributionPointName name, boolean onlyUserCerts, boolean onlyCaCerts,
                                        int onlySomeReasons, boolean indirect, byte[] encoded) {
        this.name = name;
        this.onlyUserCerts = onlyUserCerts;
        this.onlyCaCerts = onlyCaCerts;
        this.onlySomeReasons = onlySomeReasons;
        this.indirect = indirect;
        this.encoded = encoded;
    }

    static CrlIssuingDistributionPoint parse(byte[] extnValue) throws CrlFormatException {
        String what = "issuingDistributionPoint";
        CrlDer.Reader r = CrlDer.single(extnValue, CrlDer.SEQUENCE, what).children();
        if (!r.hasMore()) {
            throw new CrlFormatException(what + " is an empty sequence (RFC 5280 §5.2.5)");
        }
        CrlDistributionPointName name = null;
        boolean[] flags = new boolean[6];
        int reasons = CrlReason.ALL_REASONS;
        int last = -1;
        while (r.hasMore()) {
            r.next(what);
            int number = r.tag & 0x1f;
            boolean contextSpecific = (r.tag & 0xc0) == 0x80;
            if (!contextSpecific || number > 5) {
                throw new CrlFormatException(what + ": unexpected " + CrlDer.tagName(r.tag));
            }
            if (number <= last) {
                throw new CrlFormatException(what + ": field [" + number + "] out of order or repeated");
            }
            last = number;
            boolean constructed = (r.tag & 0x20) != 0;
            if (constructed != (number == 0)) {
                throw new CrlFormatException(what + ": field [" + number + "] has the wrong form");
            }
            switch (number) {
                case 0 -> name = CrlDistributionPointName.read(r, what);
                case 3 -> reasons = CrlDer.namedBits(r, what + " onlySomeReasons");
                default -> flags[number] = CrlDer.bool(r, what + " [" + number + "]");
            }
        }
        boolean onlyUser = flags[1];
        boolean onlyCa = flags[2];
        boolean indirect = flags[4];
        boolean onlyAttribute = flags[5];
        if (onlyAttribute) {
            throw new CrlFormatException(what + " asserts onlyContainsAttributeCerts, which RFC 5280 §5.2.5 forbids"
                    + " (the CRL covers no public-key certificates)");
        }
        if (onlyUser && onlyCa) {
            throw new CrlFormatException(what + " asserts both onlyContainsUserCerts and onlyContainsCACerts");
        }
        return new CrlIssuingDistributionPoint(name, onlyUser, onlyCa, reasons & CrlReason.ALL_REASONS, indirect,
                extnValue.clone());
    }

    /** The distribution point name, or null when the CRL covers all distribution points of its issuer. */
    CrlDistributionPointName name() {
        return name;
    }

    boolean onlyUserCerts() {
        return onlyUserCerts;
    }

    boolean onlyCaCerts() {
        return onlyCaCerts;
    }

    /** The ReasonFlags the CRL covers, {@link CrlReason#ALL_REASONS} without onlySomeReasons. */
    int onlySomeReasons() {
        return onlySomeReasons;
    }

    boolean indirect() {
        return indirect;
    }

    /** Whether two CRLs have the same scope: identical extension encodings (RFC 5280 §5.2.4, §6.3.3 (c)). */
    boolean sameScope(CrlIssuingDistributionPoint other) {
        return Arrays.equals(encoded, other.encoded);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("issuingDistributionPoint[");
        sb.append(name == null ? "no name" : name.toString());
        if (onlyUserCerts) {
            sb.append(", onlyContainsUserCerts");
        }
        if (onlyCaCerts) {
            sb.append(", onlyContainsCACerts");
        }
        if (onlySomeReasons != CrlReason.ALL_REASONS) {
            sb.append(", onlySomeReasons ").append(CrlReason.flags(onlySomeReasons));
        }
        if (indirect) {
            sb.append(", indirectCRL");
        }
        return sb.append(']').toString();
    }
}
