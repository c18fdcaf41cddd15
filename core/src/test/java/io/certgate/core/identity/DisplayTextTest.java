package io.certgate.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DisplayTextTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alice", "CN=alice,O=Example", "caf\u00e9", "\u0430lice", "\u00df\u0131\u0130",
            "\u65e5\u672c\u8a9e", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u05e9\u05dc\u05d5\u05dd",
            "e\u0301", "\uD83D\uDE00", "a b", "", "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~"})
    void visibleTextIsUnchanged(String text) {
        assertSame(text, DisplayText.escape(text));
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
            "0000, \\u{0000}", "0009, \\u{0009}", "000A, \\u{000A}", "000D, \\u{000D}", "001B, \\u{001B}",
            "007F, \\u{007F}", "0085, \\u{0085}", "009F, \\u{009F}",
            "00AD, \\u{00AD}", "061C, \\u{061C}", "200B, \\u{200B}", "200D, \\u{200D}", "200E, \\u{200E}",
            "200F, \\u{200F}", "202A, \\u{202A}", "202E, \\u{202E}", "2066, \\u{2066}", "2069, \\u{2069}",
            "FEFF, \\u{FEFF}", "E0041, \\u{E0041}", "1D173, \\u{1D173}",
            "2028, \\u{2028}", "2029, \\u{2029}",
            "00A0, \\u{00A0}", "2007, \\u{2007}", "202F, \\u{202F}", "3000, \\u{3000}",
            "FFFE, \\u{FFFE}", "FDD0, \\u{FDD0}", "10FFFF, \\u{10FFFF}", "E000, \\u{E000}", "0378, \\u{0378}",
            "D800, \\u{D800}", "DFFF, \\u{DFFF}",
    })
    void invisibleCodePointsAreEscaped(String hex, String expected) {
        int cp = Integer.parseInt(hex, 16);
        String value = "a" + new String(Character.toChars(cp)) + "b";
        assertEquals("a" + expected + "b", DisplayText.escape(value));
    }

    @Test
    void backslashIsEscapedSoAnEscapeCannotBeForged() {
        assertEquals("a\\\\b", DisplayText.escape("a\\b"));
        assertEquals("\\\\u{202E}", DisplayText.escape("\\u{202E}"));
        assertEquals("\\\\\\u{202E}", DisplayText.escape("\\\u202e"));
    }

    @Test
    void aHostileValueStaysOnOneLineInItsOrder() {
        String hostile = "alice\u2028O=forged\r\nrole=admin\u202etxt.exe\u202c\u200b";
        String shown = DisplayText.escape(hostile);
        assertEquals("alice\\u{2028}O=forged\\u{000D}\\u{000A}role=admin\\u{202E}txt.exe\\u{202C}\\u{200B}", shown);
        assertEquals(1, shown.lines().count());
    }

    @Test
    void surrogatePairsAreOneCodePointAndLoneOnesAreEscaped() {
        assertEquals("\\u{E0001}x", DisplayText.escape("\uDB40\uDC01x"));
        assertEquals("x\\u{DBFF}", DisplayText.escape("x\uDBFF"));
        assertEquals("\\u{DC00}\\u{D800}", DisplayText.escape("\uDC00\uD800"));
    }
}
