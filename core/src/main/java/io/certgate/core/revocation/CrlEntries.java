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
 * grouped by length and sorted within each group, all in one {@code byte[]} of records: entry {@code k} of the
 * group of length {@code L} starting at entry {@code s} and byte {@code o} is the record at
 * {@code o + (k - s) * (L + 8)}: the serial's {@code L} bytes, then one big-endian {@code long} packing the
 * revocation time (epoch seconds, upper 56 bits) and the CRLReason (low byte, -1 when absent). Only CRLs whose
 * entries carry certificateIssuer add one {@code int} per entry (index of the entry's certificate issuer).
 *
 * <p>Each group of at least {@value #MIN_BLOCKED} entries has a block table, small enough to stay in the CPU's
 * cache: the group's serials share their first {@code skip} bytes; the next (up to) eight bytes, less the group's
 * smallest such value and scaled to 64 bits, form a key whose product with the number of blocks gives the block
 * (its high 64 bits) and a 16-bit fingerprint (the top of its low 64 bits). Both grow with the serial, so a block
 * covers a run of consecutive entries, and its fingerprints are in entry order. A block is 64 bytes: its first
 * entry and count in one {@code int}, then up to {@value #BLOCK_CAPACITY} fingerprints as {@code short}s. A lookup
 * reads its block and compares fingerprints; only a matching fingerprint (a listed serial, or about one absent
 * serial in 4,000) reads the one record it names. Blocks hold {@value #MEAN_FILL} entries on average; a block that
 * more entries share (skewed serials, or keys equal in their first eight bytes) is marked full and
 * binary-searched on whole serials, so a lookup stays O(log n) whatever the serials. A million 16-byte serials take
 * some 28 MB. Lookups allocate nothing.
 *
 * <p>Entries with the same serial (possible in indirect CRLs, one per certificate issuer) keep the CRL's order.
 */
final class CrlEntries {
    private static final int MIN_BLOCKED = 64;
    /** Longest range scanned entry by entry; longer ones are first halved by binary search. */
    private static final int SCAN = 8;
    /** Shorts per block: the header (two) and the fingerprints. */
    private static final int BLOCK_SHORTS = 32;
    private static final int BLOCK_CAPACITY = BLOCK_SHORTS - 2;
    private static final int MEAN_FILL = 16;
    /** Header: the count in the top five bits (FULL when it exceeds the capacity), the first entry below. */
    private static final int COUNT_SHIFT = 27;
    private static final int FIRST_MASK = (1 << COUNT_SHIFT) - 1;
    private static final int FULL = 31;
    /**
     * Shorts before the first block. A large array starts a G1 region, its elements 16 bytes in; 24 shorts more put
     * every block on one 64-byte cache line. Elsewhere blocks may straddle two lines, which costs time only.
     */
    private static final int BLOCK_PADDING = 24;
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final CrlEntries EMPTY = new CrlEntries(0, new byte[0], new int[0], new int[] {0}, new int[0], null);

    private final int size;
    /** Per group: serial, then time and reason packed in a long. */
    private final byte[] records;
    private final int[] groupLength;
    private final int[] groupStart;
    private final int[] groupOffset;
    private final int[] issuers;
    /**
     * Per group: the bytes its serials share, the smallest key after them, the key range, the shift that scales a
     * key to 64 bits and the number of blocks.
     */
    private final int[] groupSkip;
    private final long[] groupMin;
    private final long[] groupRange;
    private final int[] groupScale;
    private final int[] groupBlocks;
    /** Per group: where its first block starts in {@link #blocks}, or -1 without a block table. */
    private final int[] groupBlock;
    /** Block tables, see the class comment. */
    private final short[] blocks;

    private CrlEntries(int size, byte[] records, int[] groupLength, int[] groupStart, int[] groupOffset,
                       int[] issuers) {
        this.size = size;
        this.records = records;
        this.groupLength = groupLength;
        this.groupStart = groupStart;
        this.groupOffset = groupOffset;
        this.issuers = issuers;
        int groups = groupLength.length;
        groupSkip = new int[groups];
        groupMin = new long[groups];
        groupRange = new long[groups];
        groupScale = new int[groups];
        groupBlocks = new int[groups];
        groupBlock = new int[groups];
        long total = BLOCK_PADDING;
        for (int g = 0; g < groups; g++) {
            int m = groupStart[g + 1] - groupStart[g];
            if (m >= MIN_BLOCKED && groupStart[g + 1] <= FIRST_MASK) {
                groupBlocks[g] = (m + MEAN_FILL - 1) / MEAN_FILL;
                groupBlock[g] = Math.toIntExact(total);
                total += (long) groupBlocks[g] * BLOCK_SHORTS;
            } else {
                groupBlock[g] = -1;
            }
        }
        blocks = total == BLOCK_PADDING ? new short[0] : new short[Math.toIntExact(total)];
        for (int g = 0; g < groups; g++) {
            if (groupBlock[g] >= 0) {
                buildBlocks(g);
            }
        }
    }

    private void buildBlocks(int g) {
        int length = groupLength[g];
        int stride = length + 8;
        int start = groupStart[g];
        int end = groupStart[g + 1];
        int first = groupOffset[g];
        int last = first + (end - 1 - start) * stride;
        int mismatch = Arrays.mismatch(records, first, first + length, records, last, last + length);
        int skip = mismatch < 0 ? length : mismatch;
        long min = key(records, first + skip, length - skip);
        long range = key(records, last + skip, length - skip) - min;
        groupSkip[g] = skip;
        groupMin[g] = min;
        groupRange[g] = range;
        groupScale[g] = Long.numberOfLeadingZeros(range) & 63;
        int count = groupBlocks[g];
        int k = start;
        for (int b = 0, at = groupBlock[g]; b < count; b++, at += BLOCK_SHORTS) {
            int from = k;
            int n = 0;
            for (int off = first + (k - start) * stride; k < end; k++, off += stride) {
                long scaled = (key(records, off + skip, length - skip) - min) << groupScale[g];
                if (block(scaled, count) != b) {
                    break;
                }
                if (n < BLOCK_CAPACITY) {
                    blocks[at + 2 + n] = (short) fingerprint(scaled, count);
                }
                n++;
            }
            int header = ((n > BLOCK_CAPACITY ? FULL : n) << COUNT_SHIFT) | from;
            blocks[at] = (short) (header >>> 16);
            blocks[at + 1] = (short) header;
        }
    }

    /** The block of a scaled key: the high 64 bits of {@code scaled * count}, unsigned. */
    private static int block(long scaled, int count) {
        return (int) (Math.multiplyHigh(scaled, count) + ((scaled >> 63) & count));
    }

    /** The fingerprint of a scaled key: the top 16 of the low 64 bits of {@code scaled * count}. */
    private static int fingerprint(long scaled, int count) {
        return (int) ((scaled * count) >>> 48);
    }

    private int header(int at) {
        return (blocks[at] << 16) | (blocks[at + 1] & 0xffff);
    }

    /** The first (up to) eight of {@code length} bytes at {@code offset}, big-endian, left-aligned. */
    private static long key(byte[] bytes, int offset, int length) {
        if (length >= 8) {
            return (long) BIG_ENDIAN_LONG.get(bytes, offset);
        }
        long key = 0;
        for (int j = 0; j < length; j++) {
            key = (key << 8) | (bytes[offset + j] & 0xff);
        }
        return length == 0 ? 0 : key << (8 * (8 - length));
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
        int lo = start;
        int hi = groupStart[g + 1];
        int stride = length + 8;
        int base = groupOffset[g];
        int table = groupBlock[g];
        if (table >= 0) {
            int skip = groupSkip[g];
            if (skip > 0 && Arrays.mismatch(records, base, base + skip, serial, 0, skip) >= 0) {
                return -1;
            }
            long d = key(serial, skip, length - skip) - groupMin[g];
            if (Long.compareUnsigned(d, groupRange[g]) > 0) {
                return -1;
            }
            long scaled = d << groupScale[g];
            int count = groupBlocks[g];
            int b = block(scaled, count);
            int at = table + b * BLOCK_SHORTS;
            int header = header(at);
            lo = header & FIRST_MASK;
            int n = header >>> COUNT_SHIFT;
            if (n != FULL) {
                int fingerprint = fingerprint(scaled, count);
                for (int j = 0; j < n; j++) {
                    int f = blocks[at + 2 + j] & 0xffff;
                    if (f == fingerprint) {
                        int off = base + (lo + j - start) * stride;
                        int c = Arrays.compareUnsigned(records, off, off + length, serial, 0, length);
                        if (c == 0) {
                            return lo + j;
                        }
                        if (c > 0) {
                            return -1;
                        }
                    } else if (f > fingerprint) {
                        return -1;
                    }
                }
                return -1;
            }
            hi = b + 1 < count ? header(at + BLOCK_SHORTS) & FIRST_MASK : hi;
        }
        // The first entry not below serial is in [lo, end]: halve long ranges on whole serials, then scan.
        int end = hi;
        while (hi - lo > SCAN) {
            int mid = (lo + hi) >>> 1;
            int at = base + (mid - start) * stride;
            if (Arrays.compareUnsigned(records, at, at + length, serial, 0, length) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int off = base + (lo - start) * stride; lo < end; lo++, off += stride) {
            int c = Arrays.compareUnsigned(records, off, off + length, serial, 0, length);
            if (c == 0) {
                return lo;
            }
            if (c > 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether entry {@code i} has the serial {@code serial}. */
    boolean hasSerial(int i, byte[] serial) {
        if (i < 0 || i >= size) {
            return false;
        }
        int g = group(i);
        int length = groupLength[g];
        if (length != serial.length) {
            return false;
        }
        int off = record(i, g);
        return Arrays.equals(records, off, off + length, serial, 0, length);
    }

    private int group(int i) {
        if (groupLength.length == 1) {
            return 0;
        }
        int g = Arrays.binarySearch(groupStart, 0, groupLength.length, i);
        return g >= 0 ? g : -g - 2;
    }

    /** Where entry {@code i}'s record starts. */
    private int record(int i, int g) {
        return groupOffset[g] + (i - groupStart[g]) * (groupLength[g] + 8);
    }

    /** The packed time and reason of entry {@code i}. */
    private long packed(int i) {
        int g = group(i);
        return (long) BIG_ENDIAN_LONG.get(records, record(i, g) + groupLength[g]);
    }

    /** The serial number of entry {@code i}. */
    BigInteger serial(int i) {
        int g = group(i);
        int off = record(i, g);
        return new BigInteger(Arrays.copyOfRange(records, off, off + groupLength[g]));
    }

    /** Revocation time of entry {@code i}, epoch seconds. */
    long revocationTime(int i) {
        return packed(i) >> 8;
    }

    /** CRLReason of entry {@code i}, or {@link CrlReason#ABSENT}. */
    int reason(int i) {
        return (byte) packed(i);
    }

    /** Certificate issuer of entry {@code i}: 0 for the CRL issuer, else an index into the CRL's issuer table. */
    int issuer(int i) {
        return issuers == null ? 0 : issuers[i];
    }

    /** An estimate of the heap this index keeps, in bytes. */
    long retainedBytes() {
        long bytes = 96 + records.length + 2L * blocks.length + 56L * groupLength.length;
        return issuers == null ? bytes : bytes + 4L * issuers.length;
    }

    /**
     * Collects entries while a CRL is parsed, pointing into the CRL's bytes, then sorts and packs them. Used by
     * one parse, then dropped.
     */
    static final class Builder {
        /** From this many entries on, sort on all cores. */
        private static final int PARALLEL_SORT = 100_000;
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
            if ((time << 8) >> 8 != time) {
                throw new IllegalArgumentException("revocation time out of range: " + time);
            }
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
            byte[] packed = new byte[Math.toIntExact(total + 8L * n)];
            int[] groupLength = new int[groups];
            int[] groupStart = new int[groups + 1];
            int[] groupOffset = new int[groups];
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
                BIG_ENDIAN_LONG.set(packed, at, (times[i] << 8) | (reasons[i] & 0xff));
                at += 8;
                if (sortedIssuers != null) {
                    sortedIssuers[k] = issuers[i];
                }
            }
            groupStart[groups] = n;
            return new CrlEntries(n, packed, groupLength, groupStart, groupOffset, sortedIssuers);
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
            if (m >= PARALLEL_SORT) {
                Arrays.parallelSort(keys);
            } else {
                Arrays.sort(keys);
            }
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
