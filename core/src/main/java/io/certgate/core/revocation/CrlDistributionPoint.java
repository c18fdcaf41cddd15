package io.certgate.core.revocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One DistributionPoint of a certificate's cRLDistributionPoints (or freshestCRL) extension, RFC 5280
 * §4.2.1.13: where its CRLs are, for which reasons, and who issues them. Immutable.
 */
final class CrlDistributionPoint {
    /** The reasons of a distribution point without a {@code reasons} field. */
    static final int ALL = CrlReason.ALL_REASONS;

    private final CrlDistributionPointName name;
    private final int reasons;
    private final List<CrlGeneralName> crlIssuer;

    CrlDistributionPoint(CrlDistributionPointName name, int reasons, List<CrlGeneralName> crlIssuer) {
        this.name = name;
        this.reasons = reasons;
        this.crlIssuer = crlIssuer;
    }

    /** Parses the extnValue of cRLDistributionPoints or freshestCRL: {@code SEQUENCE SIZE (1..MAX) OF DistributionPoint}. */
    static List<CrlDistributionPoint> parseExtension(byte[] extnValue, String what) throws CrlFormatException {
        CrlDer.Reader points = CrlDer.single(extnValue, CrlDer.SEQUENCE, what).children();
        if (!points.hasMore()) {
            throw new CrlFormatException(what + ": no DistributionPoint");
        }
        List<CrlDistributionPoint> out = new ArrayList<>(2);
        while (points.hasMore()) {
            points.next(CrlDer.SEQUENCE, what + " DistributionPoint");
            out.add(read(points.children(), what + " DistributionPoint " + (out.size() + 1)));
        }
        return Collections.unmodifiableList(out);
    }

    private static CrlDistributionPoint read(CrlDer.Reader r, String what) throws CrlFormatException {
        CrlDistributionPointName name = null;
        int reasons = ALL;
        List<CrlGeneralName> crlIssuer = null;
        if (r.nextIf(CrlDer.contextConstructed(0), what)) {
            name = CrlDistributionPointName.read(r, what);
        }
        if (r.nextIf(CrlDer.contextPrimitive(1), what)) {
            reasons = CrlDer.namedBits(r, what + " reasons");
        }
        if (r.nextIf(CrlDer.contextConstructed(2), what)) {
            crlIssuer = CrlGeneralName.readAll(r, what + " cRLIssuer");
        }
        r.end(what);
        if (name == null && crlIssuer == null) {
            throw new CrlFormatException(what + " has neither a distributionPoint nor a cRLIssuer (RFC 5280 §4.2.1.13)");
        }
        return new CrlDistributionPoint(name, reasons & CrlReason.ALL_REASONS, crlIssuer);
    }

    /** The name, or null when the distribution point only names a cRLIssuer. */
    CrlDistributionPointName name() {
        return name;
    }

    /** The ReasonFlags it covers ({@link #ALL} when the field is absent). */
    int reasons() {
        return reasons;
    }

    /** The URIs of the fullName (where to fetch the CRL), in order; empty for other names. */
    List<String> uris() {
        if (name == null || name.isRelative()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (CrlGeneralName n : name.fullName()) {
            if (n.type() == CrlGeneralName.URI) {
                out.add(n.text());
            }
        }
        return out;
    }

    /** The cRLIssuer names, or null when the certificate issuer issues the CRLs. */
    List<CrlGeneralName> crlIssuer() {
        return crlIssuer;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DistributionPoint[");
        sb.append(name == null ? "no name" : name.toString());
        if (reasons != ALL) {
            sb.append(", reasons ").append(CrlReason.flags(reasons));
        }
        if (crlIssuer != null) {
            sb.append(", cRLIssuer ").append(crlIssuer);
        }
        return sb.append(']').toString();
    }
}
