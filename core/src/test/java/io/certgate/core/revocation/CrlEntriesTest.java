package io.certgate.core.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compact entry index against a plain map, for serial distributions that stress it: random, sequential,
 * sharing long prefixes (ties in the first eight bytes), negative, of many lengths, repeated, and crowded into
 * a few blocks.
 */
class CrlEntriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"random", "sequential", "sharedPrefix", "negative", "mixedLengths", "duplicates",
            "descending", "single", "clustered", "fewLeadingKeys"})
    void findsEveryEntryAndNothingElse(String kind) {
        Random random = new Random(kind.hashCode());
        int n = kind.equals("single") ? 1 : 5_000;
        IntFunction<BigInteger> serials = switch (kind) {
            case "random" -> i -> new BigInteger(128, random);
            case "sequential" -> i -> BigInteger.valueOf(i + 1L);
            case "sharedPrefix" -> i -> BigInteger.ONE.shiftLeft(150).add(BigInteger.valueOf(random.nextInt(1 << 20)));
            case "negative" -> i -> new BigInteger(64, random).subtract(BigInteger.ONE.shiftLeft(63));
            case "mixedLengths" -> i -> new BigInteger(1 + random.nextInt(170), random);
            case "duplicates" -> i -> BigInteger.valueOf(random.nextInt(500));
            case "descending" -> i -> BigInteger.valueOf(1_000_000L - i).shiftLeft(64);
            // Half the serials in a sliver of the range: their blocks overflow and are searched by halving.
            case "clustered" -> i -> BigInteger.ONE.shiftLeft(120).add(i % 2 == 0 ? new BigInteger(120, random)
                    : BigInteger.valueOf(random.nextInt(1 << 16)));
            // Serials longer than the eight key bytes that agree in them: equal keys share a block.
            case "fewLeadingKeys" -> i -> BigInteger.ONE.shiftLeft(140).add(BigInteger.valueOf(random.nextInt(4))
                    .shiftLeft(96)).add(new BigInteger(96, random));
            default -> i -> BigInteger.valueOf(42);
        };
        ByteArrayOutputStream source = new ByteArrayOutputStream();
        source.write(0x55); // entries do not start at offset 0 in a real CRL either
        List<int[]> positions = new ArrayList<>();
        Map<BigInteger, Integer> firstIndex = new HashMap<>();
        List<BigInteger> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigInteger serial = serials.apply(i);
            byte[] bytes = serial.toByteArray();
            positions.add(new int[] {source.size(), bytes.length});
            source.writeBytes(bytes);
            values.add(serial);
            firstIndex.putIfAbsent(serial, i);
        }
        byte[] der = source.toByteArray();
        CrlEntries.Builder builder = new CrlEntries.Builder(der);
        for (int i = 0; i < n; i++) {
            builder.add(positions.get(i)[0], positions.get(i)[1], 1_000_000L + i, i % 11 == 7 ? -1 : i % 11,
                    kind.equals("duplicates") ? i % 3 : 0);
        }
        CrlEntries entries = builder.build();
        assertEquals(n, entries.size());

        for (Map.Entry<BigInteger, Integer> e : firstIndex.entrySet()) {
            byte[] serial = e.getKey().toByteArray();
            int i = entries.first(serial);
            assertTrue(i >= 0, kind + ": " + e.getKey() + " not found");
            assertEquals(e.getKey(), entries.serial(i));
            // Entries with the same serial keep the CRL's order: the first is the one listed first.
            assertEquals(1_000_000L + e.getValue(), entries.revocationTime(i), kind + ": " + e.getKey());
            int expectedReason = e.getValue() % 11 == 7 ? -1 : e.getValue() % 11;
            assertEquals(expectedReason, entries.reason(i));
            int count = 0;
            for (int j = i; entries.hasSerial(j, serial); j++) {
                count++;
            }
            assertEquals(values.stream().filter(e.getKey()::equals).count(), count, kind + ": duplicates");
            assertFalse(i > 0 && entries.hasSerial(i - 1, serial));
        }
        for (int k = 0; k < 2_000; k++) {
            BigInteger probe = switch (k % 3) {
                case 0 -> new BigInteger(1 + random.nextInt(160), random);
                case 1 -> values.get(random.nextInt(n)).add(BigInteger.ONE);
                default -> values.get(random.nextInt(n)).subtract(BigInteger.ONE);
            };
            int i = entries.first(probe.toByteArray());
            assertEquals(firstIndex.containsKey(probe), i >= 0, kind + ": probe " + probe);
        }
        assertTrue(entries.retainedBytes() > 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 16, 17, 33, 1000})
    void issuerIdsFollowTheirEntries(int n) {
        byte[] der = new byte[n * 3];
        CrlEntries.Builder builder = new CrlEntries.Builder(der);
        for (int i = 0; i < n; i++) {
            der[3 * i] = 0x01;
            der[3 * i + 1] = (byte) ((n - i) >> 8);
            der[3 * i + 2] = (byte) (n - i);
            builder.add(3 * i, 3, i, 1, i % 2);
        }
        CrlEntries entries = builder.build();
        for (int i = 0; i < n; i++) {
            int found = entries.first(new byte[] {0x01, (byte) ((n - i) >> 8), (byte) (n - i)});
            assertEquals(i % 2, entries.issuer(found));
            assertEquals(i, entries.revocationTime(found));
        }
        assertEquals(-1, entries.first(new byte[] {0x02}));
        assertEquals(-1, entries.first(new byte[] {0x01, 0x00}));
    }
}
