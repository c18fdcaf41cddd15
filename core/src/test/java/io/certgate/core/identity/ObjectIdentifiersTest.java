package io.certgate.core.identity;

import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Object identifiers with arcs of any size up to the bound, in DER and in rules: X.667 UUID arcs are in use. */
class ObjectIdentifiersTest {
    /** An X.667 OID: 2.25 and a UUID as one 128-bit integer. */
    static final String UUID_OID = "2.25.329800735698586629295641978511506172918";
    static TestCertificate ca;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
    }

    static String decode(byte[] der) {
        return ObjectIdentifiers.decode(der, 2, der.length);
    }

    static byte[] encode(String oid) throws Exception {
        return new ASN1ObjectIdentifier(oid).getEncoded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5.4.3", "1.2.840.113549.1.1.11", UUID_OID, "2.25.0", "1.3.9223372036854775807",
            "1.3.9223372036854775808", "1.3.18446744073709551616", "2.9223372036854775807", "2.9223372036854775808",
            "2.100000000000000000000000000000", "0.39", "1.39.1", "2.40", "2.999.3"})
    void arcsOfAnySizeUpToTheBoundAreRead(String oid) throws Exception {
        assertEquals(oid, decode(encode(oid)));
    }

    @Test
    void theLongestArcReadHas224Bits() throws Exception {
        String longest = "1.2." + ObjectIdentifiers.MAX_ARC;
        assertEquals(longest, decode(encode(longest)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decode(encode("1.2." + ObjectIdentifiers.MAX_ARC.add(BigInteger.ONE))));
        assertEquals("OBJECT IDENTIFIER arc of more than 32 bytes (224 bits)", e.getMessage());
        assertTrue(ObjectIdentifiers.arcsFit(longest));
        assertTrue(!ObjectIdentifiers.arcsFit("1.2." + ObjectIdentifiers.MAX_ARC.add(BigInteger.ONE)));
        // the first two arcs share one subidentifier, X * 40 + Y
        assertTrue(!ObjectIdentifiers.arcsFit("2." + ObjectIdentifiers.MAX_ARC));
    }

    @Test
    void nonMinimalAndTruncatedArcsAreStillRefused() {
        assertEquals("OBJECT IDENTIFIER arc is not minimally encoded", assertThrows(IllegalArgumentException.class,
                () -> ObjectIdentifiers.decode(new byte[] {0x2a, (byte) 0x80, 0x01}, 0, 3)).getMessage());
        assertEquals("truncated OBJECT IDENTIFIER", assertThrows(IllegalArgumentException.class,
                () -> ObjectIdentifiers.decode(new byte[] {0x2a, (byte) 0x81}, 0, 2)).getMessage());
        assertEquals("empty OBJECT IDENTIFIER", assertThrows(IllegalArgumentException.class,
                () -> ObjectIdentifiers.decode(new byte[0], 0, 0)).getMessage());
    }

    @Test
    void aPolicyWithAUuidArcIsReadAndMatched() throws Exception {
        ClientIdentity id = ClientIdentity.of(TestCertificate.builder().subject("CN=alice")
                .policies("2.23.140.1.2.1", UUID_OID).signedBy(ca).build().certificate());
        assertEquals(List.of("2.23.140.1.2.1", UUID_OID), id.policies());
        assertEquals(List.of(), id.problems());
        assertEquals(Set.of("uuid", "dv"), RuleSet.parse("t.rules", "role uuid when policy = \"" + UUID_OID
                + "\"\nrole dv when policy = \"2.23.140.1.2.1\"").evaluate(id).roles());
    }

    @Test
    void aNameAttributeTypeWithAUuidArcIsReadAndMatched() throws Exception {
        byte[] subject = new DERSequence(new ASN1Encodable[] {
                new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier("2.5.4.3"), new DERUTF8String("alice")})),
                new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(UUID_OID), new DERUTF8String("tenant-7")}))})
                .getEncoded();
        ClientIdentity id = ClientIdentity.of(TestCertificate.builder().subject(subject).signedBy(ca).build().certificate());
        assertEquals(UUID_OID + "=#0c0874656e616e742d37,CN=alice", id.subject().toString());
        RuleSet rules = RuleSet.parse("t.rules", "role t when subject." + UUID_OID + " = \"tenant-7\"\n"
                + "role whole when subject = \"" + id.subject() + "\"");
        assertEquals(Set.of("t", "whole"), rules.evaluate(id).roles());
    }

    @Test
    void anOtherNameTypeIdWithAUuidArcIsReadAndMatched() throws Exception {
        ClientIdentity id = ClientIdentity.of(TestCertificate.builder().subject("CN=alice")
                .sanOtherName(UUID_OID, new DERUTF8String("device-42")).signedBy(ca).build().certificate());
        assertEquals(List.of("device-42"), id.subjectAltNames().otherNames().get(UUID_OID));
        assertEquals(Set.of("d"), RuleSet.parse("t.rules", "role d when san.other." + UUID_OID + " = \"device-42\"")
                .evaluate(id).roles());
    }

    @Test
    void aRuleWithAnArcCertgateDoesNotReadIsALoadError() {
        String tooLong = "2.25." + ObjectIdentifiers.MAX_ARC.add(BigInteger.ONE);
        RulesException e = assertThrows(RulesException.class,
                () -> RuleSet.parse("t.rules", "role a when policy = \"" + tooLong + "\""));
        assertEquals("t.rules:1:23: value can never match: an arc of this OID has more than 224 bits, and certgate "
                + "does not read such OIDs", e.errors().get(0).toString());
        RulesException name = assertThrows(RulesException.class,
                () -> RuleSet.parse("t.rules", "role a when subject." + tooLong + " = \"x\""));
        assertTrue(name.errors().get(0).message().startsWith("invalid OID in 'subject." + tooLong + "'"),
                name.errors().get(0).toString());
    }
}
