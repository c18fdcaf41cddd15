package io.certgate.core.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough ASN.1 for the command line to tell what a file holds: element boundaries (BER indefinite lengths
 * included, nesting bounded) and the shape of a few well-known structures. It decodes no value; certificates are
 * parsed by the JDK.
 */
final class DerScan {
    /** Deepest nesting of indefinite-length elements followed. */
    private static final int MAX_DEPTH = 32;
    private static final byte[] PKCS7 = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07};
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    private static final int CONTEXT_0 = 0xa0;

    /** What an element is, as far as its shape tells. */
    enum Kind {
        CERTIFICATE("a certificate"),
        PKCS7_SIGNED_DATA("a PKCS#7 structure"),
        CRL("a CRL"),
        CERTIFICATE_REQUEST("a certificate request"),
        PKCS12("a PKCS#12 key store"),
        PRIVATE_KEY("a private key"),
        ENCRYPTED_PRIVATE_KEY("an encrypted private key"),
        PUBLIC_KEY("a public key"),
        OTHER_PKCS7("a PKCS#7 structure other than signed data"),
        OTHER("an ASN.1 structure of another kind");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** An encoding error, with the offset of the element where it was found. */
    static final class Malformed extends Exception {
        final int offset;

        Malformed(int offset) {
            this(offset, "the encoding is invalid at byte " + offset);
        }

        Malformed(int offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    /** One element: its identifier octet, and where its header, content and end are. */
    record Tlv(int tag, int start, int contentStart, int contentEnd, int end) {
    }

    private DerScan() {
    }

    /** The element starting at {@code offset}; it must end within {@code bytes}. */
    static Tlv element(byte[] bytes, int offset) throws Malformed {
        return element(bytes, offset, bytes.length, 0);
    }

    private static Tlv element(byte[] b, int off, int limit, int depth) throws Malformed {
        int p = off;
        if (p >= limit) {
            throw new Malformed(off);
        }
        int tag = b[p++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            int n = 0;
            do {
                if (p >= limit || ++n > 4) {
                    throw new Malformed(off);
                }
            } while ((b[p++] & 0x80) != 0);
        }
        if (p >= limit) {
            throw new Malformed(off);
        }
        int first = b[p++] & 0xff;
        if (first == 0x80) {
            if ((tag & 0x20) == 0) {
                throw new Malformed(off);
            }
            if (depth >= MAX_DEPTH) {
                throw new Malformed(off, "the encoding is nested too deeply at byte " + off);
            }
            int q = p;
            while (true) {
                if (q + 1 < limit && b[q] == 0 && b[q + 1] == 0) {
                    return new Tlv(tag, off, p, q, q + 2);
                }
                q = element(b, q, limit, depth + 1).end();
            }
        }
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7f;
            if (n > 4 || p + n > limit) {
                throw new Malformed(off);
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (b[p++] & 0xff);
            }
        }
        if (length > limit - p) {
            throw new Malformed(off);
        }
        return new Tlv(tag, off, p, p + (int) length, p + (int) length);
    }

    /** The elements inside {@code t}'s content. */
    static List<Tlv> children(byte[] b, Tlv t) throws Malformed {
        List<Tlv> out = new ArrayList<>();
        int q = t.contentStart();
        while (q < t.contentEnd()) {
            Tlv c = element(b, q, t.contentEnd(), 0);
            out.add(c);
            q = c.end();
        }
        return out;
    }

    /** What {@code t} is, judged by its shape; {@link Kind#OTHER} when it is not understood. */
    static Kind kind(byte[] b, Tlv t) {
        try {
            return shape(b, t);
        } catch (Malformed e) {
            return Kind.OTHER;
        }
    }

    private static Kind shape(byte[] b, Tlv t) throws Malformed {
        if (t.tag() != SEQUENCE) {
            return Kind.OTHER;
        }
        List<Tlv> c = children(b, t);
        if (c.size() == 3 && c.get(0).tag() == SEQUENCE && c.get(1).tag() == SEQUENCE && c.get(2).tag() == BIT_STRING) {
            return signed(children(b, c.get(0)));
        }
        if (c.size() == 2 && c.get(0).tag() == OID && c.get(1).tag() == CONTEXT_0) {
            return startsWith(b, c.get(0), PKCS7) && b[c.get(0).contentEnd() - 1] == 2
                    && c.get(0).contentEnd() - c.get(0).contentStart() == PKCS7.length + 1
                    ? Kind.PKCS7_SIGNED_DATA : Kind.OTHER_PKCS7;
        }
        if (c.size() >= 2 && c.get(0).tag() == INTEGER && c.get(1).tag() == SEQUENCE) {
            List<Tlv> info = children(b, c.get(1));
            if (!info.isEmpty() && info.get(0).tag() == OID && startsWith(b, info.get(0), PKCS7)) {
                return Kind.PKCS12;
            }
            if (c.size() >= 3 && c.get(2).tag() == OCTET_STRING) {
                return Kind.PRIVATE_KEY;
            }
        }
        if (c.size() >= 2 && c.get(0).tag() == INTEGER && c.get(1).tag() == OCTET_STRING) {
            return Kind.PRIVATE_KEY;
        }
        if (c.size() >= 9 && c.stream().limit(9).allMatch(x -> x.tag() == INTEGER)) {
            return Kind.PRIVATE_KEY;
        }
        if (c.size() == 2 && c.get(0).tag() == SEQUENCE && c.get(1).tag() == OCTET_STRING) {
            return Kind.ENCRYPTED_PRIVATE_KEY;
        }
        if (c.size() == 2 && c.get(0).tag() == SEQUENCE && c.get(1).tag() == BIT_STRING) {
            return Kind.PUBLIC_KEY;
        }
        return Kind.OTHER;
    }

    /** A SIGNED{...} structure: certificate, CRL or certificate request, by the fields of what is signed. */
    private static Kind signed(List<Tlv> tbs) {
        int[] tags = tbs.stream().mapToInt(Tlv::tag).toArray();
        if (tags.length >= 6 && tags[0] == CONTEXT_0) {
            return Kind.CERTIFICATE;
        }
        if (tags.length >= 6 && tags[0] == INTEGER && tags[1] == SEQUENCE && tags[2] == SEQUENCE && tags[3] == SEQUENCE) {
            return Kind.CERTIFICATE;
        }
        if (tags.length >= 4 && tags[0] == INTEGER && tags[1] == SEQUENCE && tags[2] == SEQUENCE && isTime(tags[3])
                || tags.length >= 3 && tags[0] == SEQUENCE && tags[1] == SEQUENCE && isTime(tags[2])) {
            return Kind.CRL;
        }
        if (tags.length >= 3 && tags[0] == INTEGER && tags[1] == SEQUENCE && tags[2] == SEQUENCE
                && (tags.length == 3 || tags[3] == CONTEXT_0)) {
            return Kind.CERTIFICATE_REQUEST;
        }
        return Kind.OTHER;
    }

    private static boolean isTime(int tag) {
        return tag == UTC_TIME || tag == GENERALIZED_TIME;
    }

    private static boolean startsWith(byte[] b, Tlv t, byte[] prefix) {
        int n = t.contentEnd() - t.contentStart();
        return n >= prefix.length && Arrays.equals(b, t.contentStart(), t.contentStart() + prefix.length, prefix, 0,
                prefix.length);
    }
}
