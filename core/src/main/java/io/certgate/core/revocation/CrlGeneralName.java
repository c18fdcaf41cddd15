package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One GeneralName (RFC 5280 §4.2.1.6) as it appears in distribution points, cRLIssuer and certificateIssuer.
 * Immutable. Names compare with {@link #matches}: directory names by RFC 5280 §7.1, URIs with scheme and host
 * case-insensitive (§7.4), DNS names case-insensitively, everything else by encoding.
 */
final class CrlGeneralName {
    static final int OTHER_NAME = 0;
    static final int RFC822_NAME = 1;
    static final int DNS_NAME = 2;
    static final int X400_ADDRESS = 3;
    static final int DIRECTORY_NAME = 4;
    static final int EDI_PARTY_NAME = 5;
    static final int URI = 6;
    static final int IP_ADDRESS = 7;
    static final int REGISTERED_ID = 8;

    private final int type;
    /** The contents; for a directoryName, the Name's whole DER encoding. */
    private final byte[] value;
    private final DistinguishedName directoryName;

    private CrlGeneralName(int type, byte[] value, DistinguishedName directoryName) {
        this.type = type;
        this.value = value;
        this.directoryName = directoryName;
    }

    /** A directoryName from a Name's DER encoding. */
    static CrlGeneralName directoryName(byte[] nameDer) throws CrlFormatException {
        try {
            return new CrlGeneralName(DIRECTORY_NAME, nameDer.clone(), DistinguishedName.fromDerShared(nameDer));
        } catch (CertificateFormatException e) {
            throw new CrlFormatException(e.getMessage());
        }
    }

    /**
     * Reads the GeneralName elements inside the element {@code r} just read (a GeneralNames SEQUENCE, or an
     * implicitly tagged one); at least one is required.
     */
    static List<CrlGeneralName> readAll(CrlDer.Reader r, String what) throws CrlFormatException {
        CrlDer.Reader names = r.children();
        if (!names.hasMore()) {
            throw new CrlFormatException(what + ": GeneralNames must not be empty");
        }
        List<CrlGeneralName> out = new ArrayList<>(2);
        while (names.hasMore()) {
            names.next(what);
            out.add(read(names, what));
        }
        return Collections.unmodifiableList(out);
    }

    /** Parses a GeneralNames SEQUENCE spanning all of {@code der}. */
    static List<CrlGeneralName> parseGeneralNames(byte[] der, String what) throws CrlFormatException {
        return readAll(CrlDer.single(der, CrlDer.SEQUENCE, what), what);
    }

    private static CrlGeneralName read(CrlDer.Reader r, String what) throws CrlFormatException {
        int tag = r.tag;
        int number = tag & 0x1f;
        boolean constructed = (tag & 0x20) != 0;
        if ((tag & 0xc0) != 0x80 || number > REGISTERED_ID) {
            throw new CrlFormatException(what + ": " + CrlDer.tagName(tag) + " is not a GeneralName");
        }
        boolean wantConstructed = number == OTHER_NAME || number == X400_ADDRESS || number == DIRECTORY_NAME
                || number == EDI_PARTY_NAME;
        if (constructed != wantConstructed) {
            throw new CrlFormatException(what + ": GeneralName [" + number + "] has the wrong form");
        }
        if (number == DIRECTORY_NAME) {
            CrlDer.Reader inner = r.children();
            inner.next(CrlDer.SEQUENCE, what + " directoryName");
            inner.end(what + " directoryName");
            return directoryName(inner.encoded());
        }
        if (number == IP_ADDRESS && r.length() != 4 && r.length() != 16) {
            throw new CrlFormatException(what + ": iPAddress of " + r.length() + " octets");
        }
        return new CrlGeneralName(number, r.value(), null);
    }

    int type() {
        return type;
    }

    /** The value of an IA5String name (URI, dNSName, rfc822Name) as text. */
    String text() {
        return ascii(value);
    }

    /** The directory name (directoryName only), else null. */
    DistinguishedName directoryName() {
        return directoryName;
    }

    /** The Name's DER (directoryName only). */
    byte[] nameDer() {
        return value.clone();
    }

    /** Whether this is a directoryName that matches {@code name} (RFC 5280 §7.1). */
    boolean isDirectoryName(DistinguishedName name) {
        return directoryName != null && directoryName.matches(name);
    }

    boolean matches(CrlGeneralName other) {
        if (type != other.type) {
            return false;
        }
        return switch (type) {
            case DIRECTORY_NAME -> directoryName.matches(other.directoryName);
            case URI -> uriKey(value).equals(uriKey(other.value));
            case DNS_NAME -> ascii(value).equalsIgnoreCase(ascii(other.value));
            case RFC822_NAME -> mailKey(value).equals(mailKey(other.value));
            default -> Arrays.equals(value, other.value);
        };
    }

    /** Whether any name of {@code a} matches any name of {@code b}. */
    static boolean anyMatch(List<CrlGeneralName> a, List<CrlGeneralName> b) {
        for (CrlGeneralName x : a) {
            for (CrlGeneralName y : b) {
                if (x.matches(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any of {@code names} is a directoryName matching {@code dn}. */
    static boolean anyDirectoryName(List<CrlGeneralName> names, DistinguishedName dn) {
        for (CrlGeneralName n : names) {
            if (n.isDirectoryName(dn)) {
                return true;
            }
        }
        return false;
    }

    /** Scheme and host lower-cased, the rest as written (RFC 5280 §7.4). */
    private static String uriKey(byte[] bytes) {
        String uri = ascii(bytes);
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return uri;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        if (!rest.startsWith("//")) {
            return scheme + ":" + rest;
        }
        int hostEnd = rest.length();
        for (int i = 2; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                hostEnd = i;
                break;
            }
        }
        String authority = rest.substring(2, hostEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String host = authority.substring(at + 1).toLowerCase(Locale.ROOT);
        return scheme + "://" + userInfo + host + rest.substring(hostEnd);
    }

    /** Local part as written, domain lower-cased (RFC 5280 §7.5). */
    private static String mailKey(byte[] bytes) {
        String mail = ascii(bytes);
        int at = mail.lastIndexOf('@');
        return at < 0 ? mail.toLowerCase(Locale.ROOT)
                : mail.substring(0, at + 1) + mail.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return switch (type) {
            case DIRECTORY_NAME -> "DirName:" + directoryName;
            case URI -> "URI:" + ascii(value);
            case DNS_NAME -> "DNS:" + ascii(value);
            case RFC822_NAME -> "email:" + ascii(value);
            default -> "GeneralName[" + type + "]:" + CrlDer.hex(value);
        };
    }
}
