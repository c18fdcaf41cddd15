package io.certgate.core.identity;

import java.util.Optional;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; contains addresses of its own family only. */
public final class IpRange {
    private final IpAddress network;
    private final int prefix;

    private IpRange(IpAddress network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code ADDRESS/PREFIX}; a bare address is a block of one. Host bits set below the prefix are
     * refused (empty), so {@code 10.1.2.3/8} is not silently read as {@code 10.0.0.0/8}.
     */
    public static Optional<IpRange> parse(String cidr) {
        int slash = cidr.indexOf('/');
        Optional<IpAddress> address = IpAddress.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int max = address.get().raw().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        byte[] b = address.get().raw();
        for (int bit = prefix; bit < max; bit++) {
            if ((b[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(address.get(), prefix));
    }

    public boolean contains(IpAddress address) {
        byte[] a = address.raw();
        byte[] n = network.raw();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
