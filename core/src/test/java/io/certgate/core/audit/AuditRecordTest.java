package io.certgate.core.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field of an audit record is capped by its written length, with the SHA-256 of the whole value. */
class AuditRecordTest {
    static final int MAX = AuditRecord.MAX_FIELD_CHARS;

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    static AuditRecord everyField(String value) {
        return new AuditRecord(Instant.EPOCH, value, value, value, value, List.of(value, value), List.of(1, 2), value,
                value, value, value, value, value);
    }

    @Test
    void aValueThatFitsIsKeptAndOneCharacterMoreIsCutWithTheDigestOfTheWhole() throws Exception {
        String fits = "a".repeat(MAX);
        assertEquals(fits, everyField(fits).subject());
        String over = "a".repeat(MAX) + "b";
        assertEquals("a".repeat(MAX) + "\u2026(sha256=" + sha256(over) + ")", everyField(over).subject());
    }

    @Test
    void theCapCountsEscapesAsTheyAreWritten() throws Exception {
        String quotes = "\"".repeat(MAX);
        assertEquals("\"".repeat(MAX / 2) + "\u2026(sha256=" + sha256(quotes) + ")", everyField(quotes).principal());
        String invisible = "\u200b".repeat(MAX);
        assertEquals("\u200b".repeat(MAX / 6) + "\u2026(sha256=" + sha256(invisible) + ")", everyField(invisible).message());
        // a character outside the BMP is never split: 1023 letters and one emoji do not fit in 1024
        String pair = "a".repeat(MAX - 1) + "\ud83d\ude00";
        assertEquals("a".repeat(MAX - 1) + "\u2026(sha256=" + sha256(pair) + ")", everyField(pair).issuer());
    }

    @Test
    void aRecordOfHugeValuesIsWrittenBoundedOnOneLine() {
        for (String huge : List.of("x".repeat(100_000), "\"\\".repeat(50_000), "\u2028".repeat(100_000))) {
            AuditRecord r = everyField(huge);
            String line = r.toString();
            assertEquals(1, line.lines().count());
            // 10 text fields and 2 roles, each at most MAX written characters plus the 75 of the suffix
            assertTrue(line.length() < 12 * (MAX + 80) + 200, "written length " + line.length());
            for (String field : List.of(r.outcome(), r.reason(), r.message(), r.principal(), r.roles().get(0), r.rules(),
                    r.subject(), r.issuer(), r.serial(), r.fingerprint(), r.revocation())) {
                assertTrue(field.endsWith(")") && field.contains("\u2026(sha256="), field.substring(0, 20));
            }
        }
    }
}
