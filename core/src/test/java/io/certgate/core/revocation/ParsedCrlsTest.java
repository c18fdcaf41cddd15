package io.certgate.core.revocation;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsed-CRL cache stays within its bound in estimated heap, and a CRL larger than the bound is parsed but not kept. */
class ParsedCrlsTest {
    static final TestCertificate CA = TestCertificate.builder().subject("CN=certgate parsed CRLs CA").ca(0).build();

    static byte[] crlWithEntries(int entries) {
        TestCrl.Builder b = TestCrl.builder(CA);
        Instant at = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < entries; i++) {
            b.revoke(BigInteger.valueOf(0x10000000L + i), at, "superseded");
        }
        return b.build().der();
    }

    @Test
    void parsedCrlsStayWithinTheBoundAndEvictedOnesAreParsedAgain() {
        List<byte[]> ders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ders.add(crlWithEntries(2_000));
        }
        long one = ParsedCrls.parse(ders.get(0)).crl().retainedBytes();
        long bound = one * 5 / 2;
        ParsedCrls parsed = new ParsedCrls(bound);

        List<Long> held = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (byte[] der : ders) {
                ParsedCrls.Parsed p = parsed.get(der);
                assertNotNull(p.crl(), String.valueOf(p.rejected()));
                assertEquals(2_000, p.crl().entries().size());
                held.add(parsed.bytes());
            }
        }

        assertTrue(held.stream().allMatch(b -> b > 0 && b <= bound), "bound " + bound + ", held " + held);
    }

    @Test
    void aCrlLargerThanTheBoundIsParsedForItsCallerAndNotKept() {
        byte[] der = crlWithEntries(2_000);
        ParsedCrls parsed = new ParsedCrls(ParsedCrls.parse(der).crl().retainedBytes() - 1);

        ParsedCrls.Parsed first = parsed.get(der);
        long held = parsed.bytes();
        ParsedCrls.Parsed second = parsed.get(der);

        assertEquals(2_000, first.crl().entries().size());
        assertEquals(0, held);
        assertTrue(first != second, "parsed again, not kept");
    }

    @Test
    void aCrlWithinTheBoundIsParsedOnce() {
        byte[] der = crlWithEntries(10);
        ParsedCrls parsed = new ParsedCrls(1 << 20);

        assertSame(parsed.get(der), parsed.get(der));
        assertTrue(parsed.bytes() > 0);
    }
}
