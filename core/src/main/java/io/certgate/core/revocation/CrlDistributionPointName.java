package io.certgate.core.revocation;

import java.util.ArrayList;
import java.util.List;

/**
 * A DistributionPointName (RFC 5280 §4.2.1.13): either {@code fullName} GeneralNames, or
 * {@code nameRelativeToCRLIssuer}, an RDN that is appended to an issuer's distinguished name. Immutable.
 */
final class CrlDistributionPointName {
    private final List<CrlGeneralName> fullName;
    /** The relative name as a DER SET (the RDN), or null. */
    private final byte[] relativeRdn;

    private CrlDistributionPointName(List<CrlGeneralName> fullName, byte[] relativeRdn) {
        this.fullName = fullName;
        this.relativeRdn = relativeRdn;
    }

    static CrlDistributionPointName of(List<CrlGeneralName> fullName) {
        return new CrlDistributionPointName(List.copyOf(fullName), null);
    }

    /** Reads the {@code [0] DistributionPointName} element {@code r} just read. */
    static CrlDistributionPointName read(CrlDer.Reader r, String what) throws CrlFormatException {
        CrlDer.Reader choice = r.children();
        choice.next(what + " distributionPoint");
        CrlDistributionPointName name;
        if (choice.tag == CrlDer.contextConstructed(0)) {
            name = new CrlDistributionPointName(CrlGeneralName.readAll(choice, what + " fullName"), null);
        } else if (choice.tag == CrlDer.contextConstructed(1)) {
            if (choice.length() == 0) {
                throw new CrlFormatException(what + ": empty nameRelativeToCRLIssuer");
            }
            byte[] rdn = CrlDer.tlv(CrlDer.SET, choice.value());
            // Check it is a valid RDN by appending it to an empty name.
            CrlGeneralName.directoryName(CrlDer.tlv(CrlDer.SEQUENCE, rdn));
            name = new CrlDistributionPointName(null, rdn);
        } else {
            throw new CrlFormatException(what + ": " + CrlDer.tagName(choice.tag)
                    + " is not a DistributionPointName (fullName [0] or nameRelativeToCRLIssuer [1])");
        }
        choice.end(what + " distributionPoint name");
        return name;
    }

    /** The fullName, or null for a relative name. */
    List<CrlGeneralName> fullName() {
        return fullName;
    }

    boolean isRelative() {
        return relativeRdn != null;
    }

    /**
     * The full names of this distribution point. A relative name is appended to each directory name in
     * {@code issuers} (the CRL issuer, or a distribution point's cRLIssuer, or the certificate issuer).
     */
    List<CrlGeneralName> resolve(List<CrlGeneralName> issuers) throws CrlFormatException {
        if (fullName != null) {
            return fullName;
        }
        List<CrlGeneralName> out = new ArrayList<>(issuers.size());
        for (CrlGeneralName issuer : issuers) {
            if (issuer.type() != CrlGeneralName.DIRECTORY_NAME) {
                continue;
            }
            byte[] base = issuer.nameDer();
            CrlDer.Reader r = CrlDer.single(base, CrlDer.SEQUENCE, "issuer name");
            byte[] content = new byte[r.length() + relativeRdn.length];
            System.arraycopy(base, r.valueStart, content, 0, r.length());
            System.arraycopy(relativeRdn, 0, content, r.length(), relativeRdn.length);
            out.add(CrlGeneralName.directoryName(CrlDer.tlv(CrlDer.SEQUENCE, content)));
        }
        return out;
    }

    @Override
    public String toString() {
        return fullName != null ? fullName.toString() : "nameRelativeToCRLIssuer " + CrlDer.hex(relativeRdn);
    }
}
