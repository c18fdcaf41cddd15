package io.certgate.core.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.util.Properties;

/**
 * The little DER certgate handles itself for OCSP: splitting a structure into its elements while keeping the
 * exact bytes (signatures are checked over the bytes received, never over a re-encoding), writing requests,
 * and parsing with BouncyCastle under one tolerance (see {@link #parse}).
 */
final class OcspDer {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int ENUMERATED = 0x0a;
    static final int SEQUENCE = 0x30;

    private static final String ALLOW_UNSAFE_INTEGER = "org.bouncycastle.asn1.allow_unsafe_integer";

    private OcspDer() {
    }

    /** One tag-length-value inside {@code source}; single-byte tags only (all OCSP needs). */
    record Tlv(int tag, byte[] source, int start, int contentStart, int end) {
        byte[] content() {
            return Arrays.copyOfRange(source, contentStart, end);
        }

        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        int contentLength() {
            return end - contentStart;
        }

        /** The elements of a constructed value, which must fill it exactly. */
        List<Tlv> children() throws IOException {
            if ((tag & 0x20) == 0) {
                throw new IOException("tag 0x" + Integer.toHexString(tag) + " is not constructed");
            }
            List<Tlv> out = new ArrayList<>();
            for (int pos = contentStart; pos < end; ) {
                Tlv child = read(source, pos, end);
                out.add(child);
                pos = child.end;
            }
            return out;
        }

        Tlv expect(int expected, String what) throws IOException {
            if (tag != expected) {
                throw new IOException(what + " has tag 0x" + Integer.toHexString(tag) + ", expected 0x"
                        + Integer.toHexString(expected));
            }
            return this;
        }
    }

    /** Reads one element that must span all of {@code der}. */
    static Tlv single(byte[] der, String what) throws IOException {
        if (der.length == 0) {
            throw new IOException(what + " is empty");
        }
        Tlv tlv = read(der, 0, der.length);
        if (tlv.end != der.length) {
            throw new IOException((der.length - tlv.end) + " bytes of trailing data after " + what);
        }
        return tlv;
    }

    /** Reads the element at {@code pos}; definite, minimal lengths only, as DER requires. */
    static Tlv read(byte[] in, int pos, int limit) throws IOException {
        if (pos + 2 > limit) {
            throw new IOException("truncated element at offset " + pos);
        }
        int tag = in[pos] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IOException("multi-byte tag at offset " + pos);
        }
        int first = in[pos + 1] & 0xff;
        int contentStart = pos + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new IOException("indefinite length at offset " + pos + " (not DER)");
        } else {
            int octets = first & 0x7f;
            if (octets > 4 || contentStart + octets > limit) {
                throw new IOException("bad length at offset " + pos);
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (in[contentStart + i] & 0xff);
            }
            if (length < 0x80 || (in[contentStart] & 0xff) == 0) {
                throw new IOException("non-minimal length at offset " + pos + " (not DER)");
            }
            contentStart += octets;
        }
        if (contentStart + length > limit) {
            throw new IOException("truncated element at offset " + pos + ": length " + length + ", "
                    + (limit - contentStart) + " bytes left");
        }
        return new Tlv(tag, in, pos, contentStart, (int) (contentStart + length));
    }

    /**
     * Parses one DER element with BouncyCastle, refusing trailing data. INTEGERs with a redundant leading zero
     * octet are tolerated, because the JDK accepts certificates whose serial is encoded that way and their
     * status must be expressible (BoringSSL vector good_response_invalid_serial); the value is unambiguous and
     * signatures are verified over the bytes received.
     */
    static ASN1Primitive parse(byte[] der) throws IOException {
        boolean alreadyTolerant = Properties.isOverrideSet(ALLOW_UNSAFE_INTEGER);
        if (!alreadyTolerant) {
            Properties.setThreadOverride(ALLOW_UNSAFE_INTEGER, true);
        }
        try {
            return ASN1Primitive.fromByteArray(der);
        } finally {
            if (!alreadyTolerant) {
                Properties.removeThreadOverride(ALLOW_UNSAFE_INTEGER);
            }
        }
    }

    /** A DER element with the given tag whose content is the concatenation of {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
