package io.certgate.core.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subject alternative names of a certificate (RFC 5280 §4.2.1.6), by type. A name that is not validly
 * encoded, or not of its type's form (an rfc822Name or UPN that is not one {@code local@domain}), is left out of its
 * list and described in {@link #problems()}, so it can never match a rule; a directoryName with such a value is
 * kept, as a subject is, and never matches either.
 */
public final class SubjectAltNames {
    /** The otherName type-id of a Microsoft user principal name. */
    public static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    private static final SubjectAltNames NONE = new SubjectAltNames();

    private final List<String> dns = new ArrayList<>();
    private final List<IpAddress> ip = new ArrayList<>();
    private final List<String> email = new ArrayList<>();
    private final List<String> uri = new ArrayList<>();
    private final List<String> upn = new ArrayList<>();
    private final Map<String, List<String>> otherNames = new LinkedHashMap<>();
    private final List<DistinguishedName> directoryNames = new ArrayList<>();
    private final List<String> registeredIds = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** The rule attributes ({@code san.dns}, {@code san.other.1.2.3}, ...) of which an entry was left out. */
    private final Set<String> unreadable = new LinkedHashSet<>();
    private int uriCount;

    private SubjectAltNames() {
    }

    static SubjectAltNames none() {
        return NONE;
    }

    /**
     * Reads the extension's value (the contents of its OCTET STRING, a GeneralNames SEQUENCE).
     *
     * @throws DerException when the structure is not valid: not DER, an unknown GeneralName tag, a directoryName
     *                      that is not a valid Name, an otherName without its type-id or [0] value, ...
     */
    static SubjectAltNames fromExtension(byte[] generalNames) throws DerException {
        SubjectAltNames out = new SubjectAltNames();
        Der.Tlv seq = Der.parse(generalNames).expect(Der.SEQUENCE);
        for (Der.Tlv name : seq.children()) {
            out.add(name);
        }
        out.freeze();
        return out;
    }

    private void add(Der.Tlv name) throws DerException {
        int tag = name.tag();
        switch (tag) {
            case 0xa0 -> otherName(name);
            case 0x81 -> {
                String mailbox = ascii(name, "email");
                if (mailbox != null && isMailbox(mailbox, "email", "mailbox local@domain")) {
                    email.add(mailbox);
                }
            }
            case 0x82 -> add(dns, ascii(name, "dns"));
            case 0x86 -> {
                uriCount++;
                add(uri, ascii(name, "uri"));
            }
            case 0x87 -> {
                Optional<IpAddress> a = IpAddress.of(name.content());
                if (a.isPresent()) {
                    ip.add(a.get());
                } else {
                    leftOut("ip", "iPAddress of " + name.content().length + " bytes, expected 4 or 16");
                }
            }
            case 0xa4 -> {
                List<Der.Tlv> inner = name.children();
                if (inner.size() != 1) {
                    throw new DerException("directoryName must hold exactly one Name");
                }
                DistinguishedName dn = DistinguishedName.fromTlv(inner.get(0));
                directoryNames.add(dn);
                for (AttributeValue v : dn.attributes()) {
                    // Kept, as a subject with such a value is, but this name can never match a rule's.
                    v.problem().ifPresent(p -> leftOut("dirname", v.typeName().toLowerCase(java.util.Locale.ROOT)
                            + ": " + p));
                }
            }
            case 0x88 -> {
                try {
                    registeredIds.add(Der.oid(name.source(), name.contentStart(), name.contentEnd()));
                } catch (DerException e) {
                    leftOut("rid", e.getMessage());
                }
            }
            case 0xa3, 0xa5 -> problems.add((tag == 0xa3 ? "x400Address" : "ediPartyName")
                    + ": not supported, ignored");
            default -> throw new DerException("unknown GeneralName tag 0x" + Integer.toHexString(tag));
        }
    }

    /** Records that an entry of {@code label} ({@code dns}, {@code other.1.2.3}, ...) was left out, and why. */
    private void leftOut(String label, String why) {
        problems.add(label + ": " + why);
        unreadable.add("san." + label);
    }

    private static void add(List<String> into, String value) {
        if (value != null) {
            into.add(value);
        }
    }

    /** The entry's text, or null (with a problem) when it is empty or not all visible ASCII. */
    private String ascii(Der.Tlv name, String label) {
        byte[] c = name.content();
        if (c.length == 0) {
            leftOut(label, "empty name");
            return null;
        }
        for (int i = 0; i < c.length; i++) {
            int b = c[i] & 0xff;
            if (b < 0x21 || b > 0x7e) {
                leftOut(label, String.format("byte 0x%02x at offset %d is not a visible ASCII character", b, i));
                return null;
            }
        }
        return new String(c, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Whether {@code value} is one {@code local@domain} with both parts non-empty; if not, a problem is added. Rules
     * compare the part after the last {@code @} as the domain, so a second {@code @} would make a name ambiguous.
     */
    private boolean isMailbox(String value, String label, String form) {
        int at = value.indexOf('@');
        if (at > 0 && at < value.length() - 1 && value.indexOf('@', at + 1) < 0) {
            return true;
        }
        leftOut(label, "'" + DisplayText.escape(value) + "' is not a single " + form);
        return false;
    }

    private void otherName(Der.Tlv name) throws DerException {
        List<Der.Tlv> parts = name.children();
        if (parts.size() != 2 || parts.get(1).tag() != 0xa0) {
            throw new DerException("otherName must be a type-id and a [0] value");
        }
        String oid = Der.oid(parts.get(0));
        List<Der.Tlv> explicit = parts.get(1).children();
        if (explicit.size() != 1) {
            throw new DerException("otherName [0] must hold exactly one value");
        }
        Der.Tlv value = explicit.get(0);
        String text;
        if (DirectoryStrings.isStringTag(value.tag())) {
            String why;
            try {
                text = DirectoryStrings.decode(value.tag(), value.content());
                why = StringPrep.prohibited(text).map(bad -> "value contains " + bad).orElse(null);
            } catch (DerException e) {
                text = null;
                why = e.getMessage();
            }
            if (why != null) {
                leftOut("other." + oid, why);
                if (oid.equals(UPN_OID)) {
                    unreadable.add("san.upn");
                }
                return;
            }
        } else {
            text = "#" + Der.hex(value.encoded());
        }
        // A string that starts like the #hex form of a non-string value gets a backslash, as in RFC 4514, so the two never meet.
        boolean escaped = DirectoryStrings.isStringTag(value.tag()) && (text.startsWith("#") || text.startsWith("\\"));
        otherNames.computeIfAbsent(oid, k -> new ArrayList<>()).add(escaped ? "\\" + text : text);
        if (oid.equals(UPN_OID)) {
            if (value.tag() != Der.UTF8_STRING) {
                leftOut("upn", "value is " + DirectoryStrings.typeName(value.tag()) + ", expected UTF8String");
            } else if (isMailbox(text, "upn", "user@domain")) {
                upn.add(text);
            }
        }
    }

    private void freeze() {
        otherNames.replaceAll((k, v) -> List.copyOf(v));
    }

    /** dNSName entries as written (case preserved). */
    public List<String> dns() {
        return Collections.unmodifiableList(dns);
    }

    public List<IpAddress> ip() {
        return Collections.unmodifiableList(ip);
    }

    /** rfc822Name entries that are one mailbox {@code local@domain}. */
    public List<String> email() {
        return Collections.unmodifiableList(email);
    }

    /** uniformResourceIdentifier entries that are validly encoded. */
    public List<String> uri() {
        return Collections.unmodifiableList(uri);
    }

    /** How many URI entries the certificate has, valid or not (a SPIFFE ID needs exactly one). */
    public int uriEntryCount() {
        return uriCount;
    }

    /** Microsoft user principal names (otherName {@value #UPN_OID} holding a UTF8String {@code user@domain}). */
    public List<String> upn() {
        return Collections.unmodifiableList(upn);
    }

    /**
     * otherName values by type-id: decoded text for string values (with a backslash before one that starts with
     * {@code #} or a backslash), {@code #hex} of the DER otherwise.
     */
    public Map<String, List<String>> otherNames() {
        return Collections.unmodifiableMap(otherNames);
    }

    public List<DistinguishedName> directoryNames() {
        return Collections.unmodifiableList(directoryNames);
    }

    /** registeredID entries as dotted OIDs. */
    public List<String> registeredIds() {
        return Collections.unmodifiableList(registeredIds);
    }

    /** Entries that were left out, and why. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The rule attributes of which an entry was left out: {@code san.dns}, {@code san.other.<oid>}, .... */
    Set<String> unreadable() {
        return Collections.unmodifiableSet(unreadable);
    }
}
