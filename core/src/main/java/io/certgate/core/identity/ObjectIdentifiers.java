package io.certgate.core.identity;

/** Decoding of DER OBJECT IDENTIFIER contents, shared by every DER reader of certgate. */
public final class ObjectIdentifiers {
    private ObjectIdentifiers() {
    }

    /**
     * The dotted form of the contents {@code in[from..to)} of an OBJECT IDENTIFIER.
     *
     * @throws IllegalArgumentException when the contents are empty, truncated, not minimally encoded, or an arc
     *                                  exceeds 63 bits
     */
    public static String decode(byte[] in, int from, int to) {
        if (from >= to) {
            throw new IllegalArgumentException("empty OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder(24);
        long value = 0;
        boolean first = true;
        boolean fresh = true;
        for (int i = from; i < to; i++) {
            int b = in[i] & 0xff;
            if (fresh && b == 0x80) {
                throw new IllegalArgumentException("OBJECT IDENTIFIER arc is not minimally encoded");
            }
            fresh = false;
            if (value > (Long.MAX_VALUE >>> 7)) {
                throw new IllegalArgumentException("OBJECT IDENTIFIER arc too large");
            }
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    int root = value < 40 ? 0 : value < 80 ? 1 : 2;
                    sb.append(root).append('.').append(value - 40L * root);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
                fresh = true;
            }
        }
        if (!fresh) {
            throw new IllegalArgumentException("truncated OBJECT IDENTIFIER");
        }
        return sb.toString();
    }
}
