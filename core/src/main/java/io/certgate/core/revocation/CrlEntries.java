package io.certgate.core.revocation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The revoked entries of one CRL in a compact, sorted index. Immutable and thread-safe.
 *
 * <p>Serial numbers are kept as their DER INTEGER contents (minimal two's complement, so one encoding per value),
 * grouped by length and sorted within each group, all in one {@code byte[]}: entry {@code k} of the group of
 * length {@code L} starting at entry {@code s} and byte {@code o} lives at {@code o + (k - s) * L}. Beside them,
 * one {@code long} (revocation time, epoch seconds), one {@code byte} (CRLReason, -1 when absent) and, only for
 * CRLs whose entries carry certificateIssuer, one {@code int} (index of the entry's certificate issuer) per entry.
 * That is about 9 bytes plus the serial per entry: a million 16-byte serials take some 25 MB. A lookup binary-searches
 * the first eight bytes of every {@value #SAMPLE}th serial (a small array, 4% of the index, that stays in cache),
 * then scans at most {@value #SAMPLE} adjacent serials: O(log n), usually one cache miss, no allocation.
 *
 * <p>Entries with the same serial (possible in indirect CRLs, one per certificate issuer) keep the CRL's order.
 */
final class CrlEntries {
    private static final int SAMPLE = 16;
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final CrlEntries EMPTY = new CrlEntries(0, new byte[0], new int[0], new int[] {0}, new int[0],
            new long[0], new byte[0], null);

    private final int size;
    private final byte[] serials;
    private final int[] groupLength;
    private final int[] groupStart;
    private final int[] groupOffset;
    private final long[] times;
    private final byte[] reasons;
    private final int[] issuers;
    /** The first eight bytes (sign bit flipped) of every {@value #SAMPLE}th serial of each group. */
    private final long[] samples;
    private final int[] groupSample;

    private CrlEntries(int size, byte[] serials, int[] groupLength, int[] groupStart, int[] groupOffset,
                       long[] times, byte[] reasons, int[] issuers) {
        this.size = size;
        this.serials = serials;
        this.groupLength = groupLength;
        this.groupStart = groupStart;
        this.groupOffset = groupOffset;
        this.times = times;
        this.reasons = reasons;
        this.issuers = issuers;
        int groups = groupLength.length;
        this.groupSample = new int[groups + 1];
        int total = 0;
        for (int g = 0; g < groups; g++) {
            groupSample[g] = total;
            total += (groupStart[g + 1] - groupStart[g] + SAMPLE - 1) / SAMPLE;
        }
        groupSample[groups] = total;
        this.samples = new long[total];
        for (int g = 0; g < groups; g++) {
            int length = groupLength[g];
            for (int j = groupSample[g], k = groupStart[g]; j < groupSample[g + 1]; j++, k += SAMPLE) {
                samples[j] = prefix(serials, groupOffset[g] + (k - groupStart[g]) * length, length) ^ Long.MIN_VALUE;
            }
        }
    }

    /** The first (up to) eight bytes at {@code offset}, big-endian, left-aligned: compares like the bytes. */
    private static long prefix(byte[] bytes, int offset, int length) {
        if (length >= 8) {
            return (long) BIG_ENDIAN_LONG.get(bytes, offset);
        }
        long key = 0;
        for (int j = 0; j < length; j++) {
            key = (key << 8) | (bytes[offset + j] & 0xff);
        }
        return key << (8 * (8 - length));
    }

    int size() {
        return size;
    }

    /**
     * The first entry (in index order) whose serial's DER INTEGER contents equal {@code serial} (as from
     * {@link BigInteger#toByteArray()}), or -1. Further entries with the same serial follow it; see
     * {@link #hasSerial}.
     */
    int first(byte[] serial) {
        int length = serial.length;
        int g = Arrays.binarySearch(groupLength, length);
        if (g < 0) {
            return -1;
        }
        int start = groupStart[g];
        int end = groupStart[g + 1];
        int offset = groupOffset[g];
        // Narrow down with the samples (small, usually cached), then scan the few entries in between: adjacent
        // bytes, which the hardware prefetches, cost fewer cache misses than a binary search over them would.
        long key = prefix(serial, 0, length) ^ Long.MIN_VALUE;
        int firstSample = groupSample[g];
        int lastSample = groupSample[g + 1];
        int below = lowerBound(firstSample, lastSample, key);
        int above = below < lastSample && samples[below] == key ? upperBound(below, lastSample, key) : below;
        int lo = below == firstSample ? start : start + (below - 1 - firstSample) * SAMPLE + 1;
        int hi = Math.min(end, start + (above - firstSample) * SAMPLE);
        // The first entry not below serial is in [lo, hi]. Many serials with the same first eight bytes make the
        // range long: halve it on whole serials until a scan is short.
        while (hi - lo > SAMPLE) {
            int mid = (lo + hi) >>> 1;
            int at = offset + (mid - start) * length;
            if (Arrays.compareUnsigned(serials, at, at + length, serial, 0, length) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        hi = Math.min(end, hi + 1);
        int off = offset + (lo - start) * length;
        while (lo < hi) {
            long p = prefix(serials, off, length) ^ Long.MIN_VALUE;
            if (p > key) {
                return -1;
            }
            if (p == key) {
                int c = length <= 8 ? 0 : Arrays.compareUnsigned(serials, off + 8, off + length, serial, 8, length);
                if (c == 0) {
                    return lo;
                }
                if (c > 0) {
                    return -1;
                }
            }
            lo++;
            off += length;
        }
        return -1;
    }

    /** The first sample in [from, to) not below {@code key} (samples and key have their sign bit flipped). */
    private int lowerBound(int from, int to, long key) {
        int n = to - from;
        if (n == 0) {
            return from;
        }
        int base = from;
        while (n > 1) {
            int half = n >>> 1;
            base = samples[base + half - 1] < key ? base + half : base;
            n -= half;
        }
        return samples[base] < key ? base + 1 : base;
    }

    /** The first sample in [from, to) above {@code key} (sign bits flipped). */
    private int upperBound(int from, int to, long key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether entry {@code i} has the serial {@code serial}. */
    boolean hasSerial(int i, byte[] serial) {
        if (i < 0 || i >= size) {
            return false;
        }
        int g = group(i);
        return groupLength[g] == serial.length && hasSerial(i, serial, g);
    }

    private boolean hasSerial(int i, byte[] serial, int g) {
        int length = groupLength[g];
        int off = groupOffset[g] + (i - groupStart[g]) * length;
        return Arrays.equals(serials, off, off + length, serial, 0, length);
    }

    private int group(int i) {
        int g = Arrays.binarySearch(groupStart, 0, groupLength.length, i);
        return g >= 0 ? g : -g - 2;
    }

    /** The serial number of entry {@code i}. */
    BigInteger serial(int i) {
        int g = group(i);
        int length = groupLength[g];
        int off = groupOffset[g] + (i - groupStart[g]) * length;
        return new BigInteger(Arrays.copyOfRange(serials, off, off + length));
    }

    /** Revocation time of entry {@code i}, epoch seconds. */
    long revocationTime(int i) {
        return times[i];
    }

    /** CRLReason of entry {@code i}, or {@link CrlReason#ABSENT}. */
    int reason(int i) {
        return reasons[i];
    }

    /** Certificate issuer of entry {@code i}: 0 for the CRL issuer, else an index into the CRL's issuer table. */
    int issuer(int i) {
        return issuers == null ? 0 : issuers[i];
    }

    /** An estimate of the heap this index keeps, in bytes. */
    long retainedBytes() {
        long bytes = 64 + serials.length + 8L * times.length + reasons.length + 16L * groupLength.length
                + 8L * samples.length;
        return issuers == null ? bytes : bytes + 4L * issuers.length;
    }

    /**
     * Collects entries while a CRL is parsed, pointing into the CRL's bytes, then sorts and packs them. Used by
     * one parse, then dropped.
     */
    static final class Builder {
        private final byte[] source;
        private int count;
        private int[] offsets = new int[16];
        private int[] lengths = new int[16];
        private long[] times = new long[16];
        private byte[] reasons = new byte[16];
        private int[] issuers;

        Builder(byte[] source) {
            this.source = source;
        }

        /**
         * Adds an entry whose serial INTEGER contents are {@code source[offset, offset + length)}.
         *
         * @param issuer 0 for the CRL issuer, else the index of the entry's certificate issuer
         */
        void add(int offset, int length, long time, int reason, int issuer) {
            if (count == offsets.length) {
                int capacity = count + (count >> 1) + 16;
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                times = Arrays.copyOf(times, capacity);
                reasons = Arrays.copyOf(reasons, capacity);
                if (issuers != null) {
                    issuers = Arrays.copyOf(issuers, capacity);
                }
            }
            if (issuer != 0 && issuers == null) {
                issuers = new int[offsets.length];
            }
            offsets[count] = offset;
            lengths[count] = length;
            times[count] = time;
            reasons[count] = (byte) reason;
            if (issuers != null) {
                issuers[count] = issuer;
            }
            count++;
        }

        int count() {
            return count;
        }

        CrlEntries build() {
            int n = count;
            if (n == 0) {
                return EMPTY;
            }
            int[] order = sortedOrder();

            int groups = 1;
            long total = lengths[order[0]];
            for (int k = 1; k < n; k++) {
                total += lengths[order[k]];
                if (lengths[order[k]] != lengths[order[k - 1]]) {
                    groups++;
                }
            }
            byte[] packed = new byte[Math.toIntExact(total)];
            int[] groupLength = new int[groups];
            int[] groupStart = new int[groups + 1];
            int[] groupOffset = new int[groups];
            long[] sortedTimes = new long[n];
            byte[] sortedReasons = new byte[n];
            int[] sortedIssuers = issuers == null ? null : new int[n];
            int g = -1;
            int at = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                int length = lengths[i];
                if (g < 0 || groupLength[g] != length) {
                    g++;
                    groupLength[g] = length;
                    groupStart[g] = k;
                    groupOffset[g] = at;
                }
                System.arraycopy(source, offsets[i], packed, at, length);
                at += length;
                sortedTimes[k] = times[i];
                sortedReasons[k] = reasons[i];
                if (sortedIssuers != null) {
                    sortedIssuers[k] = issuers[i];
                }
            }
            groupStart[groups] = n;
            return new CrlEntries(n, packed, groupLength, groupStart, groupOffset, sortedTimes, sortedReasons,
                    sortedIssuers);
        }

        /** The entries in index order: by serial length, then serial bytes (unsigned), then CRL order. */
        private int[] sortedOrder() {
            int n = count;
            int[] order = new int[n];
            boolean sorted = true;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (sorted && i > 0 && compare(i - 1, i) > 0) {
                    sorted = false;
                }
            }
            if (sorted) {
                return order;
            }
            // Stable counting sort by length.
            int maxLength = 0;
            for (int i = 0; i < n; i++) {
                maxLength = Math.max(maxLength, lengths[i]);
            }
            int[] starts = new int[maxLength + 2];
            for (int i = 0; i < n; i++) {
                starts[lengths[i] + 1]++;
            }
            for (int l = 1; l < starts.length; l++) {
                starts[l] += starts[l - 1];
            }
            int[] next = starts.clone();
            for (int i = 0; i < n; i++) {
                order[next[lengths[i]]++] = i;
            }
            for (int l = 0; l <= maxLength; l++) {
                if (starts[l + 1] - starts[l] > 1) {
                    sortRange(order, starts[l], starts[l + 1], 0);
                }
            }
            return order;
        }

        /**
         * Sorts {@code order[from, to)}, entries of one length whose serials agree before {@code byteOffset}, by
         * the rest of their serials, keeping CRL order among equal ones: a most-significant-digit sort on 4-byte
         * digits, each level a primitive sort of longs that carry the digit and the entry's position.
         */
        private void sortRange(int[] order, int from, int to, int byteOffset) {
            int m = to - from;
            int length = lengths[order[from]];
            if (m <= 1 || byteOffset >= length) {
                return;
            }
            if (m <= 16) {
                insertionSort(order, from, to);
                return;
            }
            long[] keys = new long[m];
            for (int k = 0; k < m; k++) {
                long digit = digit(order[from + k], byteOffset, length);
                // Flip the sign bit so that a signed sort orders the digits as unsigned numbers.
                keys[k] = ((digit << 32) | k) ^ Long.MIN_VALUE;
            }
            Arrays.sort(keys);
            int[] local = Arrays.copyOfRange(order, from, to);
            for (int k = 0; k < m; k++) {
                order[from + k] = local[(int) (keys[k] & 0xffffffffL)];
            }
            int run = 0;
            for (int k = 1; k <= m; k++) {
                if (k < m && (keys[k] >>> 32) == (keys[run] >>> 32)) {
                    continue;
                }
                if (k - run > 1) {
                    sortRange(order, from + run, from + k, byteOffset + 4);
                }
                run = k;
            }
        }

        /** Serial bytes {@code [at, at + 4)} of entry {@code i} as an unsigned number, zero beyond its end. */
        private long digit(int i, int at, int length) {
            long d = 0;
            int base = offsets[i];
            for (int j = at; j < at + 4; j++) {
                d = (d << 8) | (j < length ? source[base + j] & 0xff : 0);
            }
            return d;
        }

        private void insertionSort(int[] a, int from, int to) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }

        /** Order: length, then unsigned bytes; ties keep CRL order. */
        private int compare(int a, int b) {
            int la = lengths[a];
            int lb = lengths[b];
            if (la != lb) {
                return la < lb ? -1 : 1;
            }
            int c = Arrays.compareUnsigned(source, offsets[a], offsets[a] + la, source, offsets[b], offsets[b] + lb);
            return c != 0 ? c : Integer.compare(a, b);
        }
    }
}
