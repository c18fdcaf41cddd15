package io.certgate.core.identity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rfc4514EdgeCasesTest {

    @Test
    void hexPairsAreAsciiOnly() {
        NameSyntaxException e = assertThrows(NameSyntaxException.class, () -> DistinguishedName.parse("CN=#\uFF10c05616c696365"));
        assertEquals("expected an even number of hex digits after '#'", e.getMessage());
        e = assertThrows(NameSyntaxException.class, () -> DistinguishedName.parse("CN=a\\\u0664\u0661"));
        assertEquals(4, e.offset());
    }

    @Test
    void loneSurrogateStaysUnusableWhenPrintedAndReparsed() throws Exception {
        DistinguishedName dn = DistinguishedName.parse("CN=x\uD800y");
        assertEquals("CN=x\\EF\\BF\\BDy", dn.toString());
        DistinguishedName again = DistinguishedName.parse(dn.toString());
        assertTrue(again.attributes().get(0).problem().isPresent());
        assertFalse(again.matches(again));
    }

    @Test
    void lineAndParagraphSeparatorsAreSpaces() throws Exception {
        assertTrue(DistinguishedName.parse("CN=a\u2028b").matches(DistinguishedName.parse("CN=a b")));
        assertTrue(DistinguishedName.parse("CN=a\u2029\u00a0 b").matches(DistinguishedName.parse("CN=A B")));
    }

    @Test
    void separatorsAndOtherSpacesArePrintedAsHex() throws Exception {
        DistinguishedName dn = DistinguishedName.parse("CN=a\u2028b\u2029c\u00a0d\u3000e\u202ff g,O=\u200eX");
        assertEquals("CN=a\\E2\\80\\A8b\\E2\\80\\A9c\\C2\\A0d\\E3\\80\\80e\\E2\\80\\AFf g,O=\\E2\\80\\8EX",
                dn.toString());
        assertEquals(1, dn.toString().lines().count());
        assertTrue(DistinguishedName.parse(dn.toString()).matches(dn));
        assertEquals(dn.attributes().get(1).text(), DistinguishedName.parse(dn.toString()).attributes().get(1).text());
    }

    @Test
    void privateUseUnassignedAndReplacementCharactersArePrintedAsHex() throws Exception {
        DistinguishedName dn = DistinguishedName.parse("CN=a\ue000b\ufffdc\u0378d");
        assertEquals("CN=a\\EE\\80\\80b\\EF\\BF\\BDc\\CD\\B8d", dn.toString());
    }

    @Test
    void caseFoldingCoversMoreThanAscii() throws Exception {
        assertTrue(DistinguishedName.parse("CN=STRASSE").matches(DistinguishedName.parse("CN=stra\u00dfe")));
        assertTrue(DistinguishedName.parse("CN=\u00c9COLE").matches(DistinguishedName.parse("CN=e\u0301cole")));
        assertTrue(DistinguishedName.parse("CN=\uff21\uff22").matches(DistinguishedName.parse("CN=ab")));
    }
}
