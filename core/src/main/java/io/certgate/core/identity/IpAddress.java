package io.certgate.core.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 (4 bytes) or IPv6 (16 bytes) address compared as bytes. An IPv4-mapped IPv6 address stays an
 * IPv6 address: it never equals, nor falls inside a range of, the IPv4 address it maps.
 */
public final class IpAddress {
    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** An address from its 4 or 16 bytes. */
    public static Optional<IpAddress> of(byte[] bytes) {
        if (bytes == null || (bytes.length != 4 && bytes.length != 16)) {
            return Optional.empty();
        }
        return Optional.of(new IpAddress(bytes.clone()));
    }

    /**
     * Parses a literal address: dotted-quad IPv4 (no leading zeros) or RFC 4291 IPv6 text, with an
     * embedded dotted quad allowed; never consults DNS.
     */
    public static Optional<IpAddress> parse(String literal) {
        byte[] b = literal.indexOf(':') >= 0 ? parseV6(literal) : parseV4(literal);
        return b == null ? Optional.empty() : Optional.of(new IpAddress(b));
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int[] h = groups(head, doubleColon < 0);
        int[] t = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, 8 - t.length, t.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; a trailing dotted quad counts as two groups where allowed. */
    private static int[] groups(String s, boolean quadAllowed) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean quad = quadAllowed && parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[quad ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (quad && i == n - 1) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    byte[] raw() {
        return bytes;
    }

    /**
     * Dotted quad, or RFC 5952 IPv6 text (lower case, longest run of zero groups as "::"), with an IPv4-mapped
     * address's last 32 bits as a dotted quad ({@code ::ffff:192.0.2.1}, RFC 5952 §5).
     */
    @Override
    public String toString() {
        if (bytes.length == 4) {
            return dottedQuad(0);
        }
        if (isV4Mapped()) {
            return "::ffff:" + dottedQuad(12);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private String dottedQuad(int from) {
        return (bytes[from] & 0xff) + "." + (bytes[from + 1] & 0xff) + "." + (bytes[from + 2] & 0xff) + "."
                + (bytes[from + 3] & 0xff);
    }

    /** {@code ::ffff:0:0/96}. */
    private boolean isV4Mapped() {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
