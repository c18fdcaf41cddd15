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
