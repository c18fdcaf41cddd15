package io.certgate.core.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Json}: pure ASCII output, whatever the text holds. */
class JsonTest {
    @Test
    void nonAsciiIsEscapedSoTheOutputIsAsciiInAnyLocale() {
        assertEquals("\"Bob M\\u00fcller\"", Json.write("Bob Müller"));
        assertEquals("\"\\u65e5\\u672c\"", Json.write("日本"));
    }

    @Test
    void charactersOutsideTheBasicPlaneBecomeTwoEscapes() {
        assertEquals("\"\\ud83d\\ude00\"", Json.write("\uD83D\uDE00"));
    }

    @Test
    void controlFormatAndSeparatorCharactersAreEscaped() {
        assertEquals("\"\\u0000\\u001b\\u007f\\u0085\\u009b\\u200b\\u200e\\u202e\\u2028\\u2029\\ufeff\"",
                Json.write("\0\u001b\u007f\u0085\u009b\u200b\u200e\u202e\u2028\u2029\ufeff"));
        assertEquals("\"\\\"\\\\\\n\\r\\t\"", Json.write("\"\\\n\r\t"));
    }

    @Test
    void keysAreEscapedToo() {
        String json = Json.write(Map.of("ü", List.of("é")));
        assertEquals("{\n  \"\\u00fc\": [\"\\u00e9\"]\n}", json);
        assertTrue(json.chars().allMatch(c -> c < 0x7f), json);
    }
}
