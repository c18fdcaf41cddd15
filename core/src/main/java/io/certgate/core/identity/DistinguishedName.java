package io.certgate.core.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * An X.501 distinguished name as a sequence of relative distinguished names, each a set of one or more
 * attribute values. Names compare by {@link #matches} (RFC 5280 §7.1), never as strings.
 *
 * <p>{@link #rdns()} is in encoding order (the most significant RDN, often {@code C} or {@code DC}, first);
 * {@link #toString()} is the RFC 4514 string, which lists RDNs in reverse.
 */
public final class DistinguishedName {
    private static final DistinguishedName EMPTY = new DistinguishedName(List.of());

    private final List<List<AttributeValue>> rdns;
    private final List<AttributeValue> attributes;
    private final List<List<AttributeValue>> sortedRdns;
    /**
     * The sorted RDNs as one string, equal for two names exactly when {@link #matches} holds between them, or
     * {@link #NO_KEY} when a value never matches; null until first needed (a benign race, like String.hash).
     */
    private String matchKey;
    private static final String NO_KEY = new String("no key");

    private DistinguishedName(List<List<AttributeValue>> rdns) {
        List<List<AttributeValue>> copy = new ArrayList<>(rdns.size());
        List<List<AttributeValue>> sorted = new ArrayList<>(rdns.size());
        List<AttributeValue> flat = new ArrayList<>();
        for (List<AttributeValue> rdn : rdns) {
            copy.add(List.copyOf(rdn));
            List<AttributeValue> s = new ArrayList<>(rdn);
            s.sort(Comparator.comparing(AttributeValue::sortKey));
            sorted.add(Collections.unmodifiableList(s));
            flat.addAll(rdn);
        }
        this.rdns = Collections.unmodifiableList(copy);
        this.sortedRdns = Collections.unmodifiableList(sorted);
        this.attributes = Collections.unmodifiableList(flat);
    }

    static DistinguishedName of(List<List<AttributeValue>> rdns) {
        return rdns.isEmpty() ? EMPTY : new DistinguishedName(rdns);
    }

    /**
     * Reads a DER-encoded Name ({@code SEQUENCE OF SET OF AttributeTypeAndValue}), such as
     * {@code X500Principal.getEncoded()}. Values that are not valid strings are kept without text.
     *
     * @throws CertificateFormatException when the structure itself is not a valid Name
     */
    public static DistinguishedName fromDer(byte[] der) throws CertificateFormatException {
        try {
            return fromTlv(Der.parse(der));
        } catch (DerException e) {
            throw new CertificateFormatException("invalid distinguished name: " + e.getMessage());
        }
    }

    /**
     * As {@link #fromDer}, returning the instance parsed earlier for the same encoding when it is still held (a
     * bounded set of recent names). Meant for names that recur, such as issuers; the array is not kept.
     *
     * @throws CertificateFormatException when the structure itself is not a valid Name
     */
    public static DistinguishedName fromDerShared(byte[] der) throws CertificateFormatException {
        return SharedNames.fromDer(der);
    }

    static DistinguishedName fromTlv(Der.Tlv name) throws DerException {
        name.expect(Der.SEQUENCE);
        List<List<AttributeValue>> rdns = new ArrayList<>();
        for (Der.Tlv set : name.children()) {
            set.expect(Der.SET);
            List<Der.Tlv> atvs = set.children();
            if (atvs.isEmpty()) {
                throw new DerException("empty relative distinguished name");
            }
            List<AttributeValue> rdn = new ArrayList<>(atvs.size());
            for (Der.Tlv atv : atvs) {
                atv.expect(Der.SEQUENCE);
                List<Der.Tlv> parts = atv.children();
                if (parts.size() != 2) {
                    throw new DerException("AttributeTypeAndValue with " + parts.size()
                            + (parts.size() == 1 ? " element" : " elements") + ", expected 2");
                }
                rdn.add(AttributeValue.decode(Der.oid(parts.get(0)), parts.get(1)));
            }
            rdns.add(rdn);
        }
        return of(rdns);
    }

    /**
     * Parses an RFC 4514 string such as {@code CN=Example Issuing CA, O=Example}. Attribute types are
     * short names (case-insensitive) or dotted OIDs; values may use {@code \} escapes or {@code #hex}
     * BER; white space around {@code ,}, {@code +} and {@code =} is ignored.
     *
     * @throws NameSyntaxException with the offset of the first error
     */
    public static DistinguishedName parse(String rfc4514) throws NameSyntaxException {
        return Rfc4514.parse(rfc4514);
    }

    /** The RDNs in encoding order, each with its attributes as encoded. */
    public List<List<AttributeValue>> rdns() {
        return rdns;
    }

    /** Every attribute of every RDN, in encoding order. */
    public List<AttributeValue> attributes() {
        return attributes;
    }

    /** The values of the attributes of one type (dotted OID), in encoding order; duplicates are kept. */
    public List<AttributeValue> values(String oid) {
        List<AttributeValue> out = new ArrayList<>(2);
        for (AttributeValue v : attributes) {
            if (v.type().equals(oid)) {
                out.add(v);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return rdns.isEmpty();
    }

    /**
     * RFC 5280 §7.1 name matching: the same number of RDNs, and each RDN the same set of attributes, with
     * string values compared after {@link StringPrep} and other values by encoding. The order of attributes
     * inside a multi-valued RDN does not matter; the order of RDNs does. Values that cannot be decoded never
     * match.
     */
    public boolean matches(DistinguishedName other) {
        String a = matchKey();
        String b = other.matchKey();
        if (a != NO_KEY && b != NO_KEY) {
            return a.equals(b);
        }
        return matchesByValue(other);
    }

    private boolean matchesByValue(DistinguishedName other) {
        if (rdns.size() != other.rdns.size()) {
            return false;
        }
        for (int i = 0; i < rdns.size(); i++) {
            List<AttributeValue> a = sortedRdns.get(i);
            List<AttributeValue> b = other.sortedRdns.get(i);
            if (a.size() != b.size()) {
                return false;
            }
            for (int j = 0; j < a.size(); j++) {
                if (!a.get(j).matches(b.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    private String matchKey() {
        String key = matchKey;
        if (key == null) {
            key = buildMatchKey();
            matchKey = key;
        }
        return key;
    }

    /** Each RDN as its attribute count, then each sorted attribute's length-prefixed {@code sortKey}. */
    private String buildMatchKey() {
        StringBuilder key = new StringBuilder();
        for (List<AttributeValue> rdn : sortedRdns) {
            key.append(rdn.size()).append('{');
            for (AttributeValue v : rdn) {
                if (!v.matchesItself()) {
                    return NO_KEY;
                }
                String part = v.sortKey();
                key.append(part.length()).append(':').append(part);
            }
        }
        return key.toString();
    }

    /** Whether any value of this name could not be decoded or holds prohibited characters. */
    public boolean hasProblems() {
        return attributes.stream().anyMatch(v -> v.problem().isPresent());
    }

    /** The RFC 4514 string form, most specific RDN first, with special and control characters escaped. */
    @Override
    public String toString() {
        StringJoiner dn = new StringJoiner(",");
        for (int i = rdns.size() - 1; i >= 0; i--) {
            StringJoiner rdn = new StringJoiner("+");
            for (AttributeValue v : rdns.get(i)) {
                rdn.add(v.toString());
            }
            dn.add(rdn.toString());
        }
        return dn.toString();
    }

    /** Structural equality of the encodings; use {@link #matches} for name comparison. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DistinguishedName n && rdns.equals(n.rdns);
    }

    @Override
    public int hashCode() {
        return rdns.hashCode();
    }
}
