package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed X.509 CRL (RFC 5280 §5), ready to be validated for any number of certificates. Immutable and
 * thread-safe, so it can be cached (keyed, for instance, by distribution point URL) and shared.
 *
 * <p>{@link #parse} is strict: it accepts only DER (apart from the tolerated explicit DEFAULT FALSE booleans) in
 * the RFC 5280 structure and refuses, with a {@link CrlFormatException} that names the field, everything else:
 * trailing bytes at any level, a v1 CRL with extensions, an explicit v1 version, versions other than v1/v2,
 * different signature algorithms inside and outside the tbsCertList, an empty revokedCertificates sequence,
 * invalid or duplicate extensions, an invalid issuingDistributionPoint, reason codes outside CRLReason, a
 * certificateIssuer entry extension in a CRL that is not indirect, and any critical CRL or CRL entry extension
 * certgate does not process ({@link UnknownCause#UNHANDLED_CRITICAL_EXTENSION}; RFC 5280 §5.2 and §5.3 forbid
 * using such a CRL for any certificate).
 *
 * <p>Memory: the parsed CRL keeps neither the DER nor per-entry objects; entries live in a {@link CrlEntries}
 * index (about 10 bytes plus the serial per entry) and the signature is later checked against the digest of the
 * tbsCertList computed while parsing (see {@link CrlSignatureAlgorithm}). {@link #isSignedBy} remembers the last
 * key that verified, so a cached CRL is verified once per signer, not once per check.
 */
final class Crl {
    private static final byte[] CRL_NUMBER = {0x55, 0x1d, 0x14};
    private static final byte[] REASON_CODE = {0x55, 0x1d, 0x15};
    private static final byte[] HOLD_INSTRUCTION = {0x55, 0x1d, 0x17};
    private static final byte[] INVALIDITY_DATE = {0x55, 0x1d, 0x18};
    private static final byte[] DELTA_CRL_INDICATOR = {0x55, 0x1d, 0x1b};
    private static final byte[] ISSUING_DISTRIBUTION_POINT = {0x55, 0x1d, 0x1c};
    private static final byte[] CERTIFICATE_ISSUER = {0x55, 0x1d, 0x1d};
    private static final byte[] ISSUER_ALT_NAME = {0x55, 0x1d, 0x12};
    private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1d, 0x23};
    private static final byte[] FRESHEST_CRL = {0x55, 0x1d, 0x2e};
    private static final byte[] AUTHORITY_INFO_ACCESS = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

    private final int version;
    private final DistinguishedName issuer;
    private final byte[] issuerDer;
    private final long thisUpdate;
    private final Long nextUpdate;
    private final BigInteger number;
    private final BigInteger deltaBase;
    private final CrlIssuingDistributionPoint idp;
    private final byte[] authorityKeyId;
    private final List<CrlDistributionPoint> freshestCrl;
    private final CrlSignatureAlgorithm algorithm;
    private final byte[] signature;
    private final int signatureUnusedBits;
    private final byte[] signedData;
    private final CrlEntries entries;
    private final List<List<CrlGeneralName>> entryIssuers;
    private final Label label;
    /** The encoding of the last key that verified the signature; a benign race, like String.hash. */
    private volatile byte[] verifiedKey;

    private Crl(Parser p) {
        this.version = p.version;
        this.issuer = p.issuer;
        this.issuerDer = p.issuerDer;
        this.thisUpdate = p.thisUpdate;
        this.nextUpdate = p.nextUpdate;
        this.number = p.number;
        this.deltaBase = p.deltaBase;
        this.idp = p.idp;
        this.authorityKeyId = p.authorityKeyId;
        this.freshestCrl = p.freshestCrl;
        this.algorithm = p.algorithm;
        this.signature = p.signature;
        this.signatureUnusedBits = p.signatureUnusedBits;
        this.signedData = p.signedData;
        this.entries = p.entries;
        this.entryIssuers = List.copyOf(p.entryIssuers);
        this.label = new Label(issuer, number, deltaBase);
    }

    /**
     * Parses a DER-encoded CertificateList.
     *
     * @throws CrlFormatException when the CRL is malformed or carries an unhandled critical extension; its
     *     message names the field
     */
    static Crl parse(byte[] der) throws CrlFormatException {
        Parser parser = new Parser(der);
        try {
            parser.parse();
        } catch (CrlFormatException e) {
            throw e.withIssuer(parser.issuer);
        } catch (RuntimeException e) {
            throw new CrlFormatException(UnknownCause.MALFORMED, "CRL cannot be read: " + e, parser.issuer);
        }
        return new Crl(parser);
    }

    /** 1 or 2. */
    int version() {
        return version;
    }

    DistinguishedName issuer() {
        return issuer;
    }

    /** The issuer Name's DER encoding (a copy). */
    byte[] issuerDer() {
        return issuerDer.clone();
    }

    Instant thisUpdate() {
        return Instant.ofEpochSecond(thisUpdate);
    }

    Optional<Instant> nextUpdate() {
        return nextUpdate == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(nextUpdate));
    }

    /** The cRLNumber, when present. */
    Optional<BigInteger> number() {
        return Optional.ofNullable(number);
    }

    /** Whether this is a delta CRL (it has a deltaCRLIndicator). */
    boolean isDelta() {
        return deltaBase != null;
    }

    /** The BaseCRLNumber of a delta CRL. */
    Optional<BigInteger> deltaBase() {
        return Optional.ofNullable(deltaBase);
    }

    /** The issuingDistributionPoint, or null. */
    CrlIssuingDistributionPoint idp() {
        return idp;
    }

    /** The keyIdentifier of the authorityKeyIdentifier extension, or null. */
    byte[] authorityKeyId() {
        return authorityKeyId == null ? null : authorityKeyId.clone();
    }

    boolean hasFreshestCrl() {
        return !freshestCrl.isEmpty();
    }

    /** Where the delta CRLs for this CRL are published (its freshestCRL extension), empty when it has none. */
    List<CrlDistributionPoint> freshestCrl() {
        return freshestCrl;
    }

    CrlSignatureAlgorithm algorithm() {
        return algorithm;
    }

    CrlEntries entries() {
        return entries;
    }

    /** How many certificate issuers the entries name: 1 (the CRL issuer) plus one per certificateIssuer value. */
    int entryIssuerCount() {
        return entryIssuers.size();
    }

    /** The names of certificate issuer {@code id} (1 and up; 0 is the CRL issuer). */
    List<CrlGeneralName> entryIssuer(int id) {
        return entryIssuers.get(id);
    }

    /** Whether the CRL's signature verifies with {@code key}. */
    boolean isSignedBy(PublicKey key) {
        if (signatureUnusedBits != 0) {
            return false; // every supported algorithm signs whole octets
        }
        byte[] encoded = key.getEncoded();
        byte[] known = verifiedKey;
        if (known != null && encoded != null && Arrays.equals(known, encoded)) {
            return true;
        }
        boolean ok = algorithm.verify(key, signedData, signature);
        if (ok && encoded != null) {
            verifiedKey = encoded;
        }
        return ok;
    }

    /** An estimate of the heap this object keeps, for a cache weigher. */
    long retainedBytes() {
        return 256 + 2L * issuerDer.length + signature.length + signedData.length + entries.retainedBytes()
                + 128L * entryIssuers.size();
    }

    /** For messages: {@code CRL of CN=CA, number 5} or {@code delta CRL of CN=CA, number 6 (base 5)}. */
    String describe() {
        return label.toString();
    }

    /** What names this CRL in messages, without its entries (for details built later). */
    Label label() {
        return label;
    }

    /** Issuer, number and base of a CRL: what {@link #describe} prints. */
    record Label(DistinguishedName issuer, BigInteger number, BigInteger deltaBase) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(deltaBase != null ? "delta CRL of " : "CRL of ");
            sb.append(issuer.isEmpty() ? "(empty name)" : issuer.toString());
            sb.append(number != null ? ", number " + number : ", without number");
            if (deltaBase != null) {
                sb.append(" (base ").append(deltaBase).append(')');
            }
            return sb.toString();
        }
    }

    @Override
    public String toString() {
        return describe() + ", " + entries.size() + " entries, thisUpdate " + thisUpdate()
                + nextUpdate().map(t -> ", nextUpdate " + t).orElse(", no nextUpdate");
    }

    /** One parse: walks the DER once, collecting the fields and the entries. */
    private static final class Parser {
        private final byte[] der;
        int version = 1;
        DistinguishedName issuer;
        byte[] issuerDer;
        long thisUpdate;
        Long nextUpdate;
        BigInteger number;
        BigInteger deltaBase;
        CrlIssuingDistributionPoint idp;
        byte[] authorityKeyId;
        List<CrlDistributionPoint> freshestCrl = List.of();
        CrlSignatureAlgorithm algorithm;
        byte[] signature;
        int signatureUnusedBits;
        byte[] signedData;
        CrlEntries entries = CrlEntries.EMPTY;
        final List<List<CrlGeneralName>> entryIssuers = new ArrayList<>();
        private final Map<String, Integer> issuerIds = new HashMap<>();
        private boolean sawCertificateIssuer;
        private String unhandledCritical;

        Parser(byte[] der) {
            this.der = der;
            entryIssuers.add(List.of());
        }

        void parse() throws CrlFormatException {
            CrlDer.Reader list = CrlDer.single(der, CrlDer.SEQUENCE, "CertificateList").children();
            list.next(CrlDer.SEQUENCE, "tbsCertList");
            int tbsStart = list.start;
            int tbsEnd = list.valueEnd;
            CrlDer.Reader tbs = list.children();
            list.next(CrlDer.SEQUENCE, "signatureAlgorithm");
            byte[] outerAlgorithm = list.encoded();
            list.next(CrlDer.BIT_STRING, "signatureValue");
            signatureUnusedBits = bitStringUnusedBits(list);
            signature = Arrays.copyOfRange(der, list.valueStart + 1, list.valueEnd);
            list.end("signatureValue");

            if (tbs.peekTag() != CrlDer.INTEGER && tbs.peekTag() != CrlDer.SEQUENCE && tbs.hasMore()) {
                throw new CrlFormatException("tbsCertList: expected the version (INTEGER) or the signature algorithm"
                        + " (SEQUENCE), found " + CrlDer.tagName(tbs.peekTag()));
            }
            if (tbs.peekTag() == CrlDer.INTEGER) {
                tbs.next("version");
                CrlDer.checkInteger(tbs, "version");
                if (tbs.length() != 1 || der[tbs.valueStart] != 1) {
                    if (tbs.length() == 1 && der[tbs.valueStart] == 0) {
                        throw new CrlFormatException("version: explicit v1 is not DER (a v1 CRL omits the version)");
                    }
                    throw new CrlFormatException("version: only v1 (absent) and v2 (1) CRLs exist, found "
                            + new BigInteger(tbs.value()));
                }
                version = 2;
            }
            algorithm = CrlSignatureAlgorithm.parse(outerAlgorithm);
            tbs.next(CrlDer.SEQUENCE, "signature (tbsCertList)");
            if (!Arrays.equals(der, tbs.start, tbs.valueEnd, outerAlgorithm, 0, outerAlgorithm.length)) {
                CrlSignatureAlgorithm.parse(tbs.encoded());
                throw new CrlFormatException("signatureAlgorithm differs from the signature field inside"
                        + " tbsCertList (RFC 5280 §5.1.1.2)");
            }

            tbs.next(CrlDer.SEQUENCE, "issuer");
            issuerDer = tbs.encoded();
            try {
                issuer = DistinguishedName.fromDer(issuerDer);
            } catch (CertificateFormatException e) {
                throw new CrlFormatException("issuer: " + e.getMessage());
            }
            tbs.next("thisUpdate");
            thisUpdate = CrlTime.read(tbs, "thisUpdate");
            if (tbs.peekTag() == CrlDer.UTC_TIME || tbs.peekTag() == CrlDer.GENERALIZED_TIME) {
                tbs.next("nextUpdate");
                nextUpdate = CrlTime.read(tbs, "nextUpdate");
            }
            if (tbs.peekTag() == CrlDer.SEQUENCE) {
                tbs.next("revokedCertificates");
                if (tbs.length() == 0) {
                    throw new CrlFormatException("revokedCertificates is an empty sequence (it must be absent"
                            + " when no certificate is revoked, RFC 5280 §5.1.2.6)");
                }
                entries(tbs.children());
            }
            if (tbs.peekTag() == CrlDer.contextConstructed(0)) {
                tbs.next("crlExtensions");
                if (version != 2) {
                    throw new CrlFormatException("crlExtensions in a v1 CRL (extensions need v2, RFC 5280 §5.1.2.1)");
                }
                CrlDer.Reader wrapper = tbs.children();
                wrapper.next(CrlDer.SEQUENCE, "crlExtensions");
                wrapper.end("crlExtensions");
                crlExtensions(wrapper.children());
            }
            tbs.end(last(tbs));

            if (sawCertificateIssuer && (idp == null || !idp.indirect())) {
                throw new CrlFormatException("an entry has a certificateIssuer extension but the CRL is not indirect"
                        + " (no issuingDistributionPoint with indirectCRL, RFC 5280 §5.3.3)");
            }
            if (unhandledCritical != null) {
                throw new CrlFormatException(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, unhandledCritical, issuer);
            }
            signedData = algorithm.signedData(der, tbsStart, tbsEnd);
        }

        private void entries(CrlDer.Reader list) throws CrlFormatException {
            CrlEntries.Builder builder = new CrlEntries.Builder(der);
            CrlDer.Reader entry = new CrlDer.Reader(der, 0, 0);
            CrlDer.Reader extensions = new CrlDer.Reader(der, 0, 0);
            CrlDer.Reader extension = new CrlDer.Reader(der, 0, 0);
            CrlDer.Reader value = new CrlDer.Reader(der, 0, 0);
            int[] seen = new int[8];
            int currentIssuer = 0;
            while (list.hasMore()) {
                int serialOffset = -1;
                int serialLength = 0;
                try {
                    list.next(CrlDer.SEQUENCE, "entry");
                    entry.reset(list.valueStart, list.valueEnd);
                    entry.next(CrlDer.INTEGER, "userCertificate");
                    CrlDer.checkInteger(entry, "userCertificate");
                    serialOffset = entry.valueStart;
                    serialLength = entry.length();
                    entry.next("revocationDate");
                    long time = CrlTime.read(entry, "revocationDate");
                    int reason = CrlReason.ABSENT;
                    if (entry.peekTag() == CrlDer.SEQUENCE) {
                        if (version != 2) {
                            throw new CrlFormatException("crlEntryExtensions in a v1 CRL (extensions need v2,"
                                    + " RFC 5280 §5.1.2.6)");
                        }
                        entry.next("crlEntryExtensions");
                        extensions.reset(entry.valueStart, entry.valueEnd);
                        int count = 0;
                        while (extensions.hasMore()) {
                            extensions.next(CrlDer.SEQUENCE, "crlEntryExtension");
                            extension.reset(extensions.valueStart, extensions.valueEnd);
                            extension.next(CrlDer.OID, "crlEntryExtension extnID");
                            int oidStart = extension.valueStart;
                            int oidEnd = extension.valueEnd;
                            if (count == seen.length / 2) {
                                seen = Arrays.copyOf(seen, seen.length * 2);
                            }
                            for (int k = 0; k < count; k++) {
                                if (Arrays.equals(der, seen[2 * k], seen[2 * k + 1], der, oidStart, oidEnd)) {
                                    throw new CrlFormatException("crlEntryExtension "
                                            + CrlDer.oid(extension, "extnID") + " appears twice");
                                }
                            }
                            seen[2 * count] = oidStart;
                            seen[2 * count + 1] = oidEnd;
                            count++;
                            boolean critical = critical(extension);
                            extension.next(CrlDer.OCTET_STRING, "crlEntryExtension extnValue");
                            extension.end("crlEntryExtension extnValue");
                            value.reset(extension.valueStart, extension.valueEnd);
                            if (is(oidStart, oidEnd, REASON_CODE)) {
                                value.next(CrlDer.ENUMERATED, "reasonCode");
                                reason = CrlDer.smallInt(value, "reasonCode");
                                value.end("reasonCode");
                                if (!CrlReason.isDefined(reason)) {
                                    throw new CrlFormatException("reasonCode " + reason + " is not a CRLReason");
                                }
                            } else if (is(oidStart, oidEnd, INVALIDITY_DATE)) {
                                // RFC 5280 says GeneralizedTime; certgate does not use the value, so UTCTime
                                // (seen in the wild, accepted by rustls/webpki) is tolerated.
                                value.next("invalidityDate");
                                CrlTime.read(value, "invalidityDate");
                                value.end("invalidityDate");
                            } else if (is(oidStart, oidEnd, CERTIFICATE_ISSUER)) {
                                value.next(CrlDer.SEQUENCE, "certificateIssuer");
                                value.end("certificateIssuer");
                                currentIssuer = issuerId(value);
                                sawCertificateIssuer = true;
                            } else if (is(oidStart, oidEnd, HOLD_INSTRUCTION)) {
                                value.next(CrlDer.OID, "holdInstructionCode");
                                CrlDer.oid(value, "holdInstructionCode");
                                value.end("holdInstructionCode");
                            } else {
                                String oid = oidAt(oidStart, oidEnd);
                                if (critical && unhandledCritical == null) {
                                    unhandledCritical = "revokedCertificates entry " + (builder.count() + 1) + " (serial "
                                            + serialHex(serialOffset, serialLength) + "): critical crlEntryExtension "
                                            + oid + " is not supported (RFC 5280 §5.3: the CRL must not be used)";
                                }
                            }
                        }
                    }
                    entry.end(entry.tag == CrlDer.SEQUENCE ? "crlEntryExtensions" : "revocationDate");
                    builder.add(serialOffset, serialLength, time, reason, currentIssuer);
                } catch (CrlFormatException e) {
                    throw new CrlFormatException("revokedCertificates entry " + (builder.count() + 1)
                            + (serialOffset >= 0 ? " (serial " + serialHex(serialOffset, serialLength) + ")" : "")
                            + ": " + e.getMessage());
                }
            }
            entries = builder.build();
        }

        /** The name of the tbsCertList field read last, for "unexpected ... after X". */
        private String last(CrlDer.Reader tbs) {
            if (tbs.tag == CrlDer.contextConstructed(0)) {
                return "crlExtensions";
            }
            if (tbs.tag == CrlDer.SEQUENCE) {
                return "revokedCertificates";
            }
            return nextUpdate != null ? "nextUpdate" : "thisUpdate";
        }

        private String serialHex(int offset, int length) {
            return CrlDer.serialHex(new BigInteger(Arrays.copyOfRange(der, offset, offset + length)));
        }

        /** The dotted form of the (already validated) OID contents at {@code der[from, to)}. */
        private String oidAt(int from, int to) throws CrlFormatException {
            CrlDer.Reader r = new CrlDer.Reader(der, from, to);
            r.tag = CrlDer.OID;
            r.valueStart = from;
            r.valueEnd = to;
            return CrlDer.oid(r, "extnID");
        }

        private boolean critical(CrlDer.Reader extension) throws CrlFormatException {
            if (extension.peekTag() != CrlDer.BOOLEAN) {
                return false;
            }
            extension.next("critical");
            return CrlDer.bool(extension, "critical");
        }

        private boolean is(int from, int to, byte[] oid) {
            return Arrays.equals(der, from, to, oid, 0, oid.length);
        }

        private int issuerId(CrlDer.Reader value) throws CrlFormatException {
            String key = new String(der, value.start, value.valueEnd - value.start,
                    StandardCharsets.ISO_8859_1);
            Integer id = issuerIds.get(key);
            if (id == null) {
                id = entryIssuers.size();
                entryIssuers.add(CrlGeneralName.readAll(value, "certificateIssuer"));
                issuerIds.put(key, id);
            }
            return id;
        }

        private void crlExtensions(CrlDer.Reader list) throws CrlFormatException {
            List<String> seen = new ArrayList<>();
            while (list.hasMore()) {
                list.next(CrlDer.SEQUENCE, "crlExtension");
                CrlDer.Reader extension = list.children();
                extension.next(CrlDer.OID, "crlExtension extnID");
                String oid = CrlDer.oid(extension, "crlExtension extnID");
                if (seen.contains(oid)) {
                    throw new CrlFormatException("CRL extension " + oid + " appears twice");
                }
                seen.add(oid);
                int oidStart = extension.valueStart;
                int oidEnd = extension.valueEnd;
                boolean critical = critical(extension);
                extension.next(CrlDer.OCTET_STRING, "crlExtension " + oid + " extnValue");
                extension.end("crlExtension " + oid);
                byte[] value = extension.value();
                if (is(oidStart, oidEnd, CRL_NUMBER)) {
                    number = crlNumber(value, "cRLNumber");
                } else if (is(oidStart, oidEnd, DELTA_CRL_INDICATOR)) {
                    deltaBase = crlNumber(value, "deltaCRLIndicator BaseCRLNumber");
                } else if (is(oidStart, oidEnd, ISSUING_DISTRIBUTION_POINT)) {
                    idp = CrlIssuingDistributionPoint.parse(value);
                } else if (is(oidStart, oidEnd, AUTHORITY_KEY_IDENTIFIER)) {
                    authorityKeyId = authorityKeyIdentifier(value);
                } else if (is(oidStart, oidEnd, ISSUER_ALT_NAME)) {
                    CrlGeneralName.parseGeneralNames(value, "issuerAltName");
                } else if (is(oidStart, oidEnd, FRESHEST_CRL)) {
                    freshestCrl = CrlDistributionPoint.parseExtension(value, "freshestCRL");
                } else if (is(oidStart, oidEnd, AUTHORITY_INFO_ACCESS)) {
                    CrlDer.single(value, CrlDer.SEQUENCE, "authorityInfoAccess");
                } else if (critical && unhandledCritical == null) {
                    unhandledCritical = "critical CRL extension " + oid + " is not supported (RFC 5280 §5.2: the CRL"
                            + " must not be used)";
                }
            }
        }

        /** The unused-bits count of a DER BIT STRING, whose padding bits must be zero. */
        private static int bitStringUnusedBits(CrlDer.Reader r) throws CrlFormatException {
            if (r.length() == 0) {
                throw new CrlFormatException("signatureValue: BIT STRING without the unused-bits octet");
            }
            int unused = r.in[r.valueStart] & 0xff;
            if (unused > 7 || (r.length() == 1 && unused != 0)) {
                throw new CrlFormatException("signatureValue: invalid unused-bits count " + unused);
            }
            if ((r.in[r.valueEnd - 1] & ((1 << unused) - 1)) != 0) {
                throw new CrlFormatException("signatureValue: unused bits are not zero (not DER)");
            }
            return unused;
        }

        private static BigInteger crlNumber(byte[] value, String what) throws CrlFormatException {
            CrlDer.Reader r = CrlDer.single(value, CrlDer.INTEGER, what);
            BigInteger n = CrlDer.integer(r, what);
            if (n.signum() < 0) {
                throw new CrlFormatException(what + " is negative: " + n);
            }
            if (n.bitLength() > 160) {
                throw new CrlFormatException(what + " is longer than 20 octets (RFC 5280 §5.2.3)");
            }
            return n;
        }

        private static byte[] authorityKeyIdentifier(byte[] value) throws CrlFormatException {
            String what = "authorityKeyIdentifier";
            CrlDer.Reader r = CrlDer.single(value, CrlDer.SEQUENCE, what).children();
            byte[] keyId = null;
            if (r.nextIf(CrlDer.contextPrimitive(0), what)) {
                keyId = r.value();
            }
            if (r.nextIf(CrlDer.contextConstructed(1), what)) {
                CrlGeneralName.readAll(r, what + " authorityCertIssuer");
            }
            if (r.nextIf(CrlDer.contextPrimitive(2), what)) {
                CrlDer.checkInteger(r, what + " authorityCertSerialNumber");
            }
            r.end(what);
            return keyId;
        }
    }
}
