package io.certgate.core.identity;

import java.math.BigInteger;

/** Decoding of DER OBJECT IDENTIFIER contents, shared by every DER reader of certgate. */
public final class ObjectIdentifiers {
    /**
     * The longest arc read, in encoded bytes: 224 bits, room for the 128-bit UUID arcs of X.667 ({@code 2.25.<UUID>},
     * 19 bytes) and more, while keeping the decimal conversion of a hostile arc cheap.
     */
    public static final int MAX_ARC_BYTES = 32;
    /** The largest arc value {@link #MAX_ARC_BYTES} can hold, for checking dotted OIDs written in rules. */
    public static final BigInteger MAX_ARC = BigInteger.ONE.shiftLeft(7 * MAX_ARC_BYTES).subtract(BigInteger.ONE);
    private static final BigInteger FORTY = BigInteger.valueOf(40);
    private static final BigInteger EIGHTY = BigInteger.valueOf(80);

    private ObjectIdentifiers() {
    }

    /**
     * The dotted form of the contents {@code in[from..to)} of an OBJECT IDENTIFIER. Arcs of any size up to
     * {@link #MAX_ARC_BYTES} encoded bytes are read (X.690 §8.19 sets no limit; arcs of 2^63 and more are in use).
     *
     * @throws IllegalArgumentException when the contents are empty, truncated, not minimally encoded, or an arc
     *                                  is longer than {@link #MAX_ARC_BYTES} bytes
     */
    public static String decode(byte[] in, int from, int to) {
        if (from >= to) {
            throw new IllegalArgumentException("empty OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder(24);
        boolean first = true;
        int start = from;
        for (int i = from; i < to; i++) {
            if (i == start && (in[i] & 0xff) == 0x80) {
                throw new IllegalArgumentException("OBJECT IDENTIFIER arc is not minimally encoded");
            }
            if (i - start + 1 > MAX_ARC_BYTES) {
                throw new IllegalArgumentException("OBJECT IDENTIFIER arc of more than " + MAX_ARC_BYTES
                        + " bytes (" + 7 * MAX_ARC_BYTES + " bits)");
            }
            if ((in[i] & 0x80) != 0) {
                continue;
            }
            // Nine bytes hold 63 bits: the common arcs take the long path, only longer ones a BigInteger.
            if (i - start < 9) {
                long value = 0;
                for (int k = start; k <= i; k++) {
                    value = (value << 7) | (in[k] & 0x7f);
                }
                if (first) {
                    int root = value < 40 ? 0 : value < 80 ? 1 : 2;
                    sb.append(root).append('.').append(value - 40L * root);
                } else {
                    sb.append('.').append(value);
                }
            } else {
                BigInteger value = BigInteger.ZERO;
                for (int k = start; k <= i; k++) {
                    value = value.shiftLeft(7).or(BigInteger.valueOf(in[k] & 0x7f));
                }
                if (first) {
                    // 2^63 and more is past 80: the root is 2 and the second arc is the rest
                    sb.append("2.").append(value.subtract(EIGHTY));
                } else {
                    sb.append('.').append(value);
                }
            }
            first = false;
            start = i + 1;
        }
        if (start != to) {
            throw new IllegalArgumentException("truncated OBJECT IDENTIFIER");
        }
        return sb.toString();
    }

    /** Whether every arc of a dotted OID fits in {@link #MAX_ARC_BYTES} encoded bytes, as {@link #decode} reads them. */
    public static boolean arcsFit(String dotted) {
        String[] arcs = dotted.split("\\.", -1);
        for (int i = 0; i < arcs.length; i++) {
            if (arcs[i].length() <= 18) {
                continue; // under 10^18 < 2^63, far below the bound
            }
            BigInteger arc = new BigInteger(arcs[i]);
            if (i == 1) {
                arc = arc.add(new BigInteger(arcs[0]).multiply(FORTY));
            }
            if (arc.compareTo(MAX_ARC) > 0) {
                return false;
            }
        }
        return true;
    }
}
