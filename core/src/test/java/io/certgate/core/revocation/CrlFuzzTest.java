package io.certgate.core.revocation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.core.testing.FuzzPki;
import io.certgate.core.testing.TestCrl;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as a CRL give a {@link Crl} or a {@link CrlFormatException} that names the problem (never the parser's
 * safety net for unexpected runtime exceptions); a parsed CRL finds every serial it lists and gives a status for
 * {@link FuzzPki#LEAF} without an exception. The entry index answers as a plain map would for any serials. Seeds:
 * {@code CrlFuzzTestInputs/*}, CRLs of {@link FuzzPki#CA} written by {@link FuzzSeeds}.
 */
class CrlFuzzTest {
    private static final List<X509Certificate> PATH = List.of(FuzzPki.CA.certificate(), FuzzPki.LEAF.certificate());
    private static final RevocationSettings SETTINGS = RevocationSettings.defaults();
    private static final String SAFETY_NET = "CRL cannot be read: ";
    private static final String[] REASONS = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
        "superseded", "cessationOfOperation", "certificateHold", "removeFromCRL", "privilegeWithdrawn", "aACompromise"};
    private static final long TEN_DAYS = Duration.ofDays(10).toSeconds();
    private static final BigInteger LEAF_SERIAL = FuzzPki.LEAF.certificate().getSerialNumber();

    @FuzzTest(maxDuration = "5m")
    void crl(byte[] der) {
        Crl crl;
        try {
            crl = Crl.parse(der);
        } catch (CrlFormatException e) {
            assertNotNull(e.unknownCause());
            assertFalse(e.getMessage().contains(SAFETY_NET), e::getMessage);
            return;
        }
        assertNotNull(crl.describe());
        assertNotNull(crl.toString());
        CrlEntries entries = crl.entries();
        for (int i = 0; i < entries.size(); i++) {
            byte[] serial = entries.serial(i).toByteArray();
            int first = entries.first(serial);
            int at = i;
            assertTrue(first >= 0 && first <= i && entries.hasSerial(first, serial),
                    () -> "listed serial " + CrlDer.hex(serial) + " (entry " + at + ") is not found");
        }
        crl.isSignedBy(FuzzPki.CA.keyPair().getPublic());
        RevocationStatus status = new CrlCheck(SETTINGS, FuzzPki.NOW, List.of(crl), List.of(), PATH, List.of())
                .status(PATH, 1);
        assertEquals(RevocationStatus.Source.CRL, status.source(), status::toString);
        assertTrue(status.status() != RevocationStatus.Status.UNKNOWN || status.cause().isPresent(), status::toString);
    }

    /**
     * CRLs correctly signed by the leaf's CA, with times and entries the fuzzer chooses: they reach the checks after
     * the signature, which mutated bytes never pass. REVOKED needs an entry for the leaf, and GOOD a CRL without one
     * or with only removeFromCRL.
     */
    @FuzzTest(maxDuration = "5m")
    void signedCrl(FuzzedDataProvider data) {
        Instant thisUpdate = time(data);
        TestCrl.Builder builder = TestCrl.builder(FuzzPki.CA).thisUpdate(thisUpdate).crlNumber(data.consumeLong(0, 1L << 40));
        if (data.consumeBoolean()) {
            builder.noNextUpdate();
        } else {
            builder.nextUpdate(time(data));
        }
        List<String> leafReasons = new ArrayList<>();
        int n = data.consumeInt(0, 80);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            BigInteger serial = data.consumeBoolean() ? LEAF_SERIAL.add(BigInteger.valueOf(data.consumeInt(-2, 2)))
                    : new BigInteger(1, data.consumeBytes(data.consumeInt(1, 20)));
            String reason = data.pickValue(REASONS);
            builder.revoke(serial, time(data), reason);
            if (serial.equals(LEAF_SERIAL)) {
                leafReasons.add(reason);
            }
        }
        byte[] der = builder.build().der();
        RevocationStatus status = new CrlValidator(SETTINGS).check(PATH, 1, List.of(der), List.of(), FuzzPki.NOW);
        assertEquals(RevocationStatus.Source.CRL, status.source(), status::toString);
        assertFalse(status.detail().contains("CRL check failed: "), status::toString);
        if (status.status() == RevocationStatus.Status.REVOKED) {
            assertFalse(leafReasons.isEmpty(), status::toString);
        } else if (status.status() == RevocationStatus.Status.GOOD) {
            assertTrue(leafReasons.stream().allMatch("removeFromCRL"::equals), () -> status + "; the leaf is listed for "
                    + leafReasons + " in a CRL of thisUpdate " + thisUpdate);
        } else {
            assertTrue(status.cause().isPresent(), status::toString);
        }
        crl(der);
    }

    private static Instant time(FuzzedDataProvider data) {
        return FuzzPki.NOW.plusSeconds(data.consumeLong(-TEN_DAYS, TEN_DAYS));
    }

    /** Serials of any length and value, duplicates included, against a map. */
    @FuzzTest(maxDuration = "5m")
    void entries(FuzzedDataProvider data) {
        ByteArrayOutputStream source = new ByteArrayOutputStream();
        List<int[]> positions = new ArrayList<>();
        Map<BigInteger, Integer> first = new HashMap<>();
        List<BigInteger> serials = new ArrayList<>();
        int n = data.consumeInt(0, 300);
        int stride = data.consumeInt(1, 40);
        BigInteger step = new BigInteger(1, data.consumeBytes(data.consumeInt(0, 9))).add(BigInteger.ONE);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            BigInteger serial = data.consumeBoolean()
                    ? new BigInteger(padded(data.consumeBytes(data.consumeInt(1, stride))))
                    : BigInteger.valueOf(i).multiply(step);
            byte[] bytes = serial.toByteArray();
            positions.add(new int[] {source.size(), bytes.length});
            source.writeBytes(bytes);
            first.putIfAbsent(serial, serials.size());
            serials.add(serial);
        }
        CrlEntries.Builder builder = new CrlEntries.Builder(source.toByteArray());
        for (int i = 0; i < serials.size(); i++) {
            builder.add(positions.get(i)[0], positions.get(i)[1], i, i % 11, i % 3);
        }
        CrlEntries entries = builder.build();
        assertEquals(serials.size(), entries.size());
        for (Map.Entry<BigInteger, Integer> e : first.entrySet()) {
            byte[] bytes = e.getKey().toByteArray();
            int i = entries.first(bytes);
            assertTrue(i >= 0, () -> "listed serial " + e.getKey() + " is not found");
            assertEquals(e.getKey(), entries.serial(i));
            assertEquals((long) e.getValue(), entries.revocationTime(i), "not the first entry of " + e.getKey());
            assertFalse(i > 0 && entries.hasSerial(i - 1, bytes));
        }
        while (data.remainingBytes() > 0) {
            BigInteger probe = new BigInteger(padded(data.consumeBytes(data.consumeInt(1, stride + 1))));
            assertEquals(first.containsKey(probe), entries.first(probe.toByteArray()) >= 0, () -> "probe " + probe);
        }
    }

    private static byte[] padded(byte[] bytes) {
        return bytes.length == 0 ? new byte[] {0} : bytes;
    }
}
