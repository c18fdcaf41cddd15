package io.certgate.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.certgate.core.testing.TestCertificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StringPrep} against RFC 4518 §2.2: case folding by RFC 3454 table B.2, and what maps to nothing. */
class StringPrepTest {

    private static ClientIdentity identity(TestCertificate.Builder builder) throws CertificateFormatException {
        return ClientIdentity.of(builder.build().certificate());
    }

    private static byte[] commonName(String value) throws Exception {
        return new DERSequence(new DERSet(new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier("2.5.4.3"), new DERUTF8String(value)}))).getEncoded();
    }

    /** Pairs that table B.2 (with NFKC) makes equal. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "STRASSE, stra\u00dfe",
            "\u0130stanbul, i\u0307stanbul",
            "5 \u212a, 5 k",
            "\uff21\uff22\uff23, abc",
            "\u017fun, SUN",
            "\u039f\u0394\u039f\u03a3, \u03bf\u03b4\u03bf\u03c2",
            "\u03bf\u03b4\u03bf\u03c3, \u03bf\u03b4\u03bf\u03c2",
            "\u03c2\u03b1, \u03a3\u0391",
            "\u0399\u0131, \u03b9\u0131",
    })
    void caseFoldingFollowsTableB2(String a, String b) {
        assertEquals(StringPrep.prepare(a), StringPrep.prepare(b));
    }

    /** Every format character RFC 4518 §2.2 maps to nothing, beside its control and tag characters. */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00ad, 0x034f, 0x06dd, 0x070f, 0x1806, 0x180b, 0x180c, 0x180d, 0x180e, 0x200b, 0x200c,
            0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063, 0x206a,
            0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0xfe00, 0xfe0f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xfffc, 0x1d173,
            0x1d174, 0x1d175, 0x1d176, 0x1d177, 0x1d178, 0x1d179, 0x1d17a})
    void mapsToNothing(int cp) {
        assertMapsToNothing(cp);
    }

    /** Format characters of later Unicode versions than RFC 4518's 3.2: bidi isolates, U+061C, U+2064, shorthand controls. */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x061c, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x0600, 0x110bd, 0x1bca0, 0x1bca3})
    void laterFormatCharactersMapToNothingToo(int cp) {
        assertEquals(Character.FORMAT, Character.getType(cp));
        assertMapsToNothing(cp);
    }

    private static void assertMapsToNothing(int cp) {
        String c = new String(Character.toChars(cp));
        assertEquals(Optional.empty(), StringPrep.prohibited("mallory" + c));
        assertEquals("mallory", StringPrep.prepare("mallory" + c));
        assertEquals("mallory", StringPrep.prepare(c + "Mal" + c + "lory"));
        assertEquals("a b", StringPrep.prepare("a " + c + " b"));
    }

    /** certgate keeps the RFC's control and tag characters prohibited: {@code alice\0} is never {@code alice}. */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0000, 0x0008, 0x0009, 0x000e, 0x001f, 0x007f, 0x0084, 0x0085, 0x0086, 0x009f, 0xe0001,
            0xe0020, 0xe007f})
    void controlAndTagCharactersStayProhibited(int cp) {
        assertTrue(StringPrep.prohibited("alice" + new String(Character.toChars(cp))).isPresent());
    }

    @Test
    void aLeftToRightMarkInACommonNameIsTheSameName() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject(commonName("mallory‎")));
        AttributeValue cn = id.subject().values("2.5.4.3").get(0);
        assertEquals(Optional.of("mallory‎"), cn.text());
        assertEquals(Optional.of("mallory"), cn.prepared());
        assertTrue(id.subject().matches(DistinguishedName.parse("CN=mallory")));
        assertTrue(id.problems().isEmpty(), id.problems().toString());
        ClientIdentity override = identity(TestCertificate.builder().subject(commonName("‮mallory‬")));
        assertTrue(override.subject().matches(DistinguishedName.parse("CN=Mallory")));
    }

    @Test
    void finalSigmaFoldsAloneAsInsideAWord() {
        // B.2 maps both sigmas to U+03C3 wherever they stand, so a glob's literal part folds as the value does.
        assertEquals("\u03bf\u03c3*", StringPrep.prepare("\u039f\u03a3*"));
        assertEquals("\u03bf\u03c3\u03b1", StringPrep.prepare("\u039f\u03c2\u0391"));
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource({
            "al\u0131ce, alice",
            "AL\u0131CE, ALICE",
            "al\u0131ce, al\u0130ce",
            "\u0131, I",
    })
    void dotlessIIsNotI(String a, String b) {
        assertNotEquals(StringPrep.prepare(a), StringPrep.prepare(b));
    }

    @Test
    void dotlessIKeepsItsCaseFreeForm() {
        assertEquals("al\u0131ce", StringPrep.prepare("AL\u0131CE"));
        assertEquals(StringPrep.prepare("al\u0131ce"), StringPrep.prepare("AL\u0131CE"));
    }

    @Test
    void aDotlessIInACommonNameIsAnotherName() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject(commonName("al\u0131ce")));
        AttributeValue cn = id.subject().values("2.5.4.3").get(0);
        assertEquals(Optional.of("al\u0131ce"), cn.prepared());
        assertNotEquals(StringPrep.prepare("alice"), cn.prepared().orElseThrow());
        assertFalse(id.subject().matches(DistinguishedName.parse("CN=alice")));
        assertTrue(id.subject().matches(DistinguishedName.parse("CN=AL\u0131CE")));
    }

    @Test
    void aDotlessIInAWholeNameIsAnotherName() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject("CN=Example Issu\u0131ng CA,O=Example"));
        assertFalse(id.subject().matches(DistinguishedName.parse("CN=Example Issuing CA,O=Example")));
        assertFalse(DistinguishedName.parse("CN=Example Issuing CA,O=Example").matches(id.subject()));
        assertTrue(id.subject().matches(DistinguishedName.parse("cn=EXAMPLE ISSU\u0131NG CA, o=example")));
    }
}
