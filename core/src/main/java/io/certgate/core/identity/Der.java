package io.certgate.core.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict DER reader for the few structures certgate reads itself (names, general names, policies).
 * Indefinite lengths, non-minimal lengths and trailing bytes are rejected with {@link DerException}.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int NUMERIC_STRING = 0x12;
    static final int PRINTABLE_STRING = 0x13;
    static final int TELETEX_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int VISIBLE_STRING = 0x1a;
    static final int UNIVERSAL_STRING = 0x1c;
    static final int BMP_STRING = 0x1e;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    /** One decoded tag-length-value: {@code tag} is the identifier octet (single-byte tags only). */
    record Tlv(int tag, byte[] source, int contentStart, int contentEnd, int start) {
        byte[] content() {
            return Arrays.copyOfRange(source, contentStart, contentEnd);
        }

        byte[] encoded() {
            return Arrays.copyOfRange(source, start, contentEnd);
        }

        boolean constructed() {
            return (tag & 0x20) != 0;
        }

        /** The TLVs inside a constructed value, all of it consumed. */
        List<Tlv> children() throws DerException {
            if (!constructed()) {
                throw new DerException("expected a constructed value, found tag 0x" + Integer.toHexString(tag));
            }
            List<Tlv> out = new ArrayList<>();
            int pos = contentStart;
            while (pos < contentEnd) {
                Tlv child = read(source, pos, contentEnd);
                out.add(child);
                pos = child.contentEnd();
            }
            return out;
        }

        Tlv expect(int expectedTag) throws DerException {
            if (tag != expectedTag) {
                throw new DerException("expected tag 0x" + Integer.toHexString(expectedTag)
                        + ", found 0x" + Integer.toHexString(tag));
            }
            return this;
        }
    }

    private Der() {
    }

    /** Reads exactly one TLV that spans all of {@code der}. */
    static Tlv parse(byte[] der) throws DerException {
        if (der == null || der.length == 0) {
            throw new DerException("empty encoding");
        }
        Tlv tlv = read(der, 0, der.length);
        if (tlv.contentEnd() != der.length) {
            throw new DerException((der.length - tlv.contentEnd()) + " trailing bytes after the value");
        }
        return tlv;
    }

    static Tlv read(byte[] in, int pos, int limit) throws DerException {
        int start = pos;
        if (pos >= limit) {
            throw new DerException("truncated: missing tag");
        }
        int tag = in[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new DerException("multi-byte tags are not supported");
        }
        if (pos >= limit) {
            throw new DerException("truncated: missing length");
        }
        int first = in[pos++] & 0xff;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new DerException("indefinite length is not DER");
        } else {
            int count = first & 0x7f;
            if (count > 4) {
                throw new DerException("length of " + count + " bytes is too large");
            }
            if (limit - pos < count) {
                throw new DerException("truncated length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (in[pos++] & 0xff);
            }
            if (length < 0x80 || (count > 1 && length < (1L << (8 * (count - 1))))) {
                throw new DerException("non-minimal length encoding");
            }
        }
        if (length > limit - pos) {
            throw new DerException("truncated: value of " + length + " bytes, " + (limit - pos) + " left");
        }
        return new Tlv(tag, in, pos, pos + (int) length, start);
    }

    /** Decodes OBJECT IDENTIFIER contents to dotted form. */
    static String oid(Tlv tlv) throws DerException {
        tlv.expect(OID);
        return oid(tlv.source(), tlv.contentStart(), tlv.contentEnd());
    }

    static String oid(byte[] in, int from, int to) throws DerException {
        try {
            return ObjectIdentifiers.decode(in, from, to);
        } catch (IllegalArgumentException e) {
            throw new DerException(e.getMessage());
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
