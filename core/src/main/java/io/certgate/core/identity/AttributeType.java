package io.certgate.core.identity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The attribute types of distinguished names that certgate knows by short name; any other type is
 * addressed by its dotted OID.
 */
public final class AttributeType {
    private static final Pattern DOTTED_OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Map<String, String> OID_BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> NAME_BY_OID = new LinkedHashMap<>();

    static {
        // The first name registered for an OID is the one printed (RFC 4514 §3 names first).
        register("2.5.4.3", "CN", "commonName");
        register("2.5.4.7", "L", "localityName");
        register("2.5.4.8", "ST", "stateOrProvinceName");
        register("2.5.4.10", "O", "organizationName");
        register("2.5.4.11", "OU", "organizationalUnitName");
        register("2.5.4.6", "C", "countryName");
        register("2.5.4.9", "STREET", "streetAddress");
        register("0.9.2342.19200300.100.1.25", "DC", "domainComponent");
        register("0.9.2342.19200300.100.1.1", "UID", "userId");
        register("1.2.840.113549.1.9.1", "emailAddress", "E", "email");
        register("2.5.4.5", "serialNumber");
        register("2.5.4.4", "SN", "surname");
        register("2.5.4.42", "givenName", "GN");
        register("2.5.4.43", "initials");
        register("2.5.4.44", "generationQualifier");
        register("2.5.4.12", "title", "T");
        register("2.5.4.41", "name");
        register("2.5.4.46", "dnQualifier");
        register("2.5.4.65", "pseudonym");
        register("2.5.4.17", "postalCode");
        register("2.5.4.15", "businessCategory");
        register("2.5.4.97", "organizationIdentifier");
        // EV certificates' jurisdiction of incorporation (CA/Browser Forum EV Guidelines §9.2.4), named as openssl names them
        register("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC", "jurisdictionCountryName");
        register("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST", "jurisdictionStateOrProvinceName");
        register("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL", "jurisdictionLocalityName");
    }

    private AttributeType() {
    }

    private static void register(String oid, String... names) {
        NAME_BY_OID.putIfAbsent(oid, names[0]);
        for (String name : names) {
            OID_BY_NAME.put(name.toLowerCase(Locale.ROOT), oid);
        }
    }

    /**
     * The OID for a short name (case-insensitive, e.g. {@code cn}, {@code emailaddress}) or a dotted OID,
     * optionally prefixed {@code OID.}; empty when the name is unknown.
     */
    public static Optional<String> oid(String nameOrOid) {
        String key = nameOrOid.toLowerCase(Locale.ROOT);
        if (key.startsWith("oid.")) {
            key = key.substring(4);
        }
        if (DOTTED_OID.matcher(key).matches()) {
            return validArcs(key) ? Optional.of(key) : Optional.empty();
        }
        return Optional.ofNullable(OID_BY_NAME.get(key));
    }

    /**
     * X.660: the first arc is 0, 1 or 2, and under 0 and 1 the second is at most 39; there are two arcs at least.
     * Arcs may be of any size up to what certgate reads from DER ({@link ObjectIdentifiers#MAX_ARC_BYTES}).
     */
    private static boolean validArcs(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2 || arcs[0].length() > 1 || arcs[0].charAt(0) > '2') {
            return false;
        }
        return (arcs[0].equals("2") || (arcs[1].length() <= 2 && Integer.parseInt(arcs[1]) <= 39))
                && ObjectIdentifiers.arcsFit(dotted);
    }

    /** Whether {@code s} is a dotted OID certgate can meet in a certificate: valid arcs, none too long to read. */
    public static boolean isReadableOid(String s) {
        return DOTTED_OID.matcher(s).matches() && validArcs(s);
    }

    /** The short name printed for an OID in RFC 4514 strings, or the dotted OID itself. */
    public static String displayName(String oid) {
        return NAME_BY_OID.getOrDefault(oid, oid);
    }

    /** The primary short name of every known type, lower case, for messages and documentation. */
    public static Iterable<String> knownNames() {
        return NAME_BY_OID.values().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    static boolean isDottedOid(String s) {
        return DOTTED_OID.matcher(s).matches();
    }
}
