package io.certgate.core.revocation;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A strict DER reader for CRLs and the certificate extensions CRL processing needs. It walks the caller's array
 * in place, so a million CRL entries can be read without an object per entry. Indefinite and non-minimal
 * lengths, multi-byte tags, non-minimal INTEGERs, BOOLEANs other than 00/FF and data left over inside or after a
 * value are all rejected with a {@link CrlFormatException} that names the field.
 */
final class CrlDer {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int ENUMERATED = 0x0a;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private CrlDer() {
    }

    /** Context-specific primitive tag {@code [n]}. */
    static int contextPrimitive(int n) {
        return 0x80 | n;
    }

    /** Context-specific constructed tag {@code [n]}. */
    static int contextConstructed(int n) {
        return 0xa0 | n;
    }

    /**
     * Reads the elements of one constructed value (or of a whole input) in order. After {@link #next} the fields
     * {@link #tag}, {@link #start}, {@link #valueStart} and {@link #valueEnd} describe the element just read.
     * Not thread-safe; reusable with {@link #reset}.
     */
    static final class Reader {
        final byte[] in;
        private int pos;
        private int end;
        int tag;
        int start;
        int valueStart;
        int valueEnd;

        Reader(byte[] in, int from, int to) {
            this.in = in;
            this.pos = from;
            this.end = to;
        }

        void reset(int from, int to) {
            pos = from;
            end = to;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** The tag of the next element, or -1 at the end. */
        int peekTag() {
            return pos < end ? in[pos] & 0xff : -1;
        }

        /** Reads the next element, whatever its tag. */
        void next(String what) throws CrlFormatException {
            if (pos >= end) {
                throw new CrlFormatException(what + " is missing");
            }
            int p = pos;
            int t = in[p++] & 0xff;
            if ((t & 0x1f) == 0x1f) {
                throw new CrlFormatException(what + ": multi-byte tags are not used in CRLs");
            }
            if (p >= end) {
                throw new CrlFormatException(what + ": truncated before the length");
            }
            int first = in[p++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new CrlFormatException(what + ": indefinite length is not DER");
            } else {
                int count = first & 0x7f;
                if (count > 4) {
                    throw new CrlFormatException(what + ": length of " + count + " octets is too large");
                }
                if (end - p < count) {
                    throw new CrlFormatException(what + ": truncated inside the length");
                }
                long value = 0;
                for (int i = 0; i < count; i++) {
                    value = (value << 8) | (in[p++] & 0xff);
                }
                if (value < 0x80 || (in[p - count] & 0xff) == 0) {
                    throw new CrlFormatException(what + ": length is not minimally encoded");
                }
                if (value > Integer.MAX_VALUE) {
                    throw new CrlFormatException(what + ": length " + value + " is too large");
                }
                length = (int) value;
            }
            if (length > end - p) {
                throw new CrlFormatException(what + ": truncated (value of " + length + " bytes, "
                        + (end - p) + " left)");
            }
            tag = t;
            start = pos;
            valueStart = p;
            valueEnd = p + length;
            pos = valueEnd;
        }

        /** Reads the next element and checks its tag. */
        void next(int expectedTag, String what) throws CrlFormatException {
            if (pos < end && (in[pos] & 0xff) != expectedTag) {
                throw new CrlFormatException(what + ": expected " + tagName(expectedTag) + ", found "
                        + tagName(in[pos] & 0xff));
            }
            next(what);
        }

        /** Reads the next element if it has {@code optionalTag}; returns whether it did. */
        boolean nextIf(int optionalTag, String what) throws CrlFormatException {
            if (peekTag() != optionalTag) {
                return false;
            }
            next(what);
            return true;
        }

        /** A reader over the contents of the element just read. */
        Reader children() {
            return new Reader(in, valueStart, valueEnd);
        }

        /** Fails when anything is left in this reader. */
        void end(String what) throws CrlFormatException {
            if (pos < end) {
                throw new CrlFormatException("unexpected " + tagName(in[pos] & 0xff) + " after " + what);
            }
        }

        int length() {
            return valueEnd - valueStart;
        }

        /** A copy of the contents of the element just read. */
        byte[] value() {
            return Arrays.copyOfRange(in, valueStart, valueEnd);
        }

        /** A copy of the whole encoding (tag, length, contents) of the element just read. */
        byte[] encoded() {
            return Arrays.copyOfRange(in, start, valueEnd);
        }
    }

    /** A reader positioned on the single element that makes up all of {@code der}; trailing bytes fail. */
    static Reader single(byte[] der, int expectedTag, String what) throws CrlFormatException {
        if (der == null || der.length == 0) {
            throw new CrlFormatException(what + " is empty");
        }
        Reader r = new Reader(der, 0, der.length);
        r.next(expectedTag, what);
        if (r.valueEnd != der.length) {
            throw new CrlFormatException((der.length - r.valueEnd) + " trailing bytes after " + what);
        }
        return r;
    }

    /** A DER BOOLEAN's value; the contents must be one octet, 00 or FF. */
    static boolean bool(Reader r, String what) throws CrlFormatException {
        if (r.length() != 1) {
            throw new CrlFormatException(what + ": BOOLEAN of " + r.length() + " octets");
        }
        int b = r.in[r.valueStart] & 0xff;
        if (b == 0xff) {
            return true;
        }
        if (b == 0) {
            return false;
        }
        throw new CrlFormatException(what + ": BOOLEAN value 0x" + Integer.toHexString(b) + " is not DER (00 or FF)");
    }

    /** Checks that the element just read is a minimally encoded INTEGER or ENUMERATED. */
    static void checkInteger(Reader r, String what) throws CrlFormatException {
        int from = r.valueStart;
        int to = r.valueEnd;
        if (from == to) {
            throw new CrlFormatException(what + ": empty INTEGER");
        }
        if (to - from > 1) {
            int b0 = r.in[from];
            int b1 = r.in[from + 1];
            if ((b0 == 0 && b1 >= 0) || (b0 == -1 && b1 < 0)) {
                throw new CrlFormatException(what + ": INTEGER is not minimally encoded");
            }
        }
    }

    static BigInteger integer(Reader r, String what) throws CrlFormatException {
        checkInteger(r, what);
        return new BigInteger(r.value());
    }

    /** A small non-negative ENUMERATED or INTEGER value. */
    static int smallInt(Reader r, String what) throws CrlFormatException {
        checkInteger(r, what);
        if (r.length() > 3 || r.in[r.valueStart] < 0) {
            throw new CrlFormatException(what + ": value out of range");
        }
        int v = 0;
        for (int i = r.valueStart; i < r.valueEnd; i++) {
            v = (v << 8) | (r.in[i] & 0xff);
        }
        return v;
    }

    /** Checks an OBJECT IDENTIFIER's contents and returns the dotted form (for messages). */
    static String oid(Reader r, String what) throws CrlFormatException {
        if (r.tag != OID) {
            throw new CrlFormatException(what + ": expected an OBJECT IDENTIFIER, found " + tagName(r.tag));
        }
        try {
            return io.certgate.core.identity.ObjectIdentifiers.decode(r.in, r.valueStart, r.valueEnd);
        } catch (IllegalArgumentException e) {
            throw new CrlFormatException(what + ": " + e.getMessage());
        }
    }

    /**
     * Reads a DER named-bit-list BIT STRING (ReasonFlags, KeyUsage) into an int, bit {@code i} of the ASN.1
     * value becoming {@code 1 << i}. Unused bits must be zero and the encoding minimal.
     */
    static int namedBits(Reader r, String what) throws CrlFormatException {
        int len = r.length();
        if (len == 0) {
            throw new CrlFormatException(what + ": BIT STRING without the unused-bits octet");
        }
        int unused = r.in[r.valueStart] & 0xff;
        if (unused > 7 || (len == 1 && unused != 0)) {
            throw new CrlFormatException(what + ": invalid unused-bits count " + unused);
        }
        if (len > 1) {
            int last = r.in[r.valueEnd - 1] & 0xff;
            if ((last & ((1 << unused) - 1)) != 0) {
                throw new CrlFormatException(what + ": unused bits are not zero");
            }
            if (last == 0) {
                throw new CrlFormatException(what + ": named bit list has trailing zero bits (not DER)");
            }
            if (len > 5) {
                throw new CrlFormatException(what + ": BIT STRING of " + (len - 1) + " octets is too long");
            }
        }
        int bits = 0;
        for (int i = 1; i < len; i++) {
            int b = r.in[r.valueStart + i] & 0xff;
            for (int j = 0; j < 8; j++) {
                if ((b & (0x80 >>> j)) != 0) {
                    bits |= 1 << ((i - 1) * 8 + j);
                }
            }
        }
        return bits;
    }

    /** Unwraps the OCTET STRING that {@code X509Certificate.getExtensionValue} returns. */
    static byte[] extensionValue(byte[] wrapped, String what) throws CrlFormatException {
        Reader r = single(wrapped, OCTET_STRING, what);
        return r.value();
    }

    /** The DER encoding of a value with {@code tag} and {@code content}. */
    static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        int lengthOctets = n < 0x80 ? 0 : (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
        byte[] out = new byte[2 + lengthOctets + n];
        out[0] = (byte) tag;
        if (lengthOctets == 0) {
            out[1] = (byte) n;
        } else {
            out[1] = (byte) (0x80 | lengthOctets);
            for (int i = 0; i < lengthOctets; i++) {
                out[2 + i] = (byte) (n >>> (8 * (lengthOctets - 1 - i)));
            }
        }
        System.arraycopy(content, 0, out, 2 + lengthOctets, n);
        return out;
    }

    static String tagName(int tag) {
        return switch (tag) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case BIT_STRING -> "BIT STRING";
            case OCTET_STRING -> "OCTET STRING";
            case NULL -> "NULL";
            case OID -> "OBJECT IDENTIFIER";
            case ENUMERATED -> "ENUMERATED";
            case UTC_TIME -> "UTCTime";
            case GENERALIZED_TIME -> "GeneralizedTime";
            case SEQUENCE -> "SEQUENCE";
            case SET -> "SET";
            default -> (tag & 0xc0) == 0x80
                    ? "[" + (tag & 0x1f) + "]" + ((tag & 0x20) != 0 ? " (constructed)" : " (primitive)")
                    : "tag 0x" + Integer.toHexString(tag);
        };
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** A serial number as {@code 0x...} (or {@code -0x...}), for messages. */
    static String serialHex(BigInteger serial) {
        return serial.signum() < 0 ? "-0x" + serial.negate().toString(16) : "0x" + serial.toString(16);
    }
}
