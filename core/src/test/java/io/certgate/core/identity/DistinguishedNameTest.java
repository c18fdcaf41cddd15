package io.certgate.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.certgate.core.testing.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DLSequence;
import org.bouncycastle.asn1.DLSet;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DistinguishedName#parse} (RFC 4514 rule strings) and {@link DistinguishedName#matches} (RFC 5280 §7.1)
 * against subjects of real certificates, read back through {@link ClientIdentity}.
 */
class DistinguishedNameTest {

    private static final String CN = "2.5.4.3";
    private static final String OU = "2.5.4.11";
    private static final String O = "2.5.4.10";
    private static final String UID = "0.9.2342.19200300.100.1.1";

    // ---------------------------------------------------------------------------------------------
    // Certificates and raw names

    /** The subject of a certificate whose subject is given as an RFC 4514 string (encoded by X500Principal). */
    private static DistinguishedName subject(String rfc4514) {
        return identity(TestCertificate.builder().subject(rfc4514).build()).subject();
    }

    /** The subject of a certificate whose subject is exactly {@code der}. */
    private static DistinguishedName subject(byte[] der) {
        return identity(TestCertificate.builder().subject(der).build()).subject();
    }

    private static ClientIdentity identity(TestCertificate cert) {
        try {
            return ClientIdentity.of(cert.certificate());
        } catch (CertificateFormatException e) {
            throw new AssertionError("certificate unreadable: " + e.getMessage(), e);
        }
    }

    private static DistinguishedName rule(String rfc4514) {
        try {
            return DistinguishedName.parse(rfc4514);
        } catch (NameSyntaxException e) {
            throw new AssertionError("rule '" + rfc4514 + "' rejected at " + e.offset() + ": " + e.getMessage(), e);
        }
    }

    private static ASN1Encodable atv(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }

    /** A (DER-sorted) RDN. */
    private static ASN1Encodable rdn(ASN1Encodable... atvs) {
        return new DERSet(atvs);
    }

    /** An RDN whose attributes stay in the given order, even when that is not DER order. */
    private static ASN1Encodable unsortedRdn(ASN1Encodable... atvs) {
        return new DLSet(atvs);
    }

    /**
     * The encoding of a Name, RDNs in encoding order (most significant first). Definite-length (DL) encoding,
     * so that an {@link #unsortedRdn} keeps its order; everything else is DER already.
     */
    private static byte[] name(ASN1Encodable... rdns) {
        try {
            return new DLSequence(rdns).getEncoded(ASN1Encoding.DL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Name of one RDN with one CN. */
    private static byte[] cn(ASN1Encodable value) {
        return name(rdn(atv(CN, value)));
    }

    private static DERUniversalString universal(String s) {
        ByteBuffer utf32 = ByteBuffer.allocate(4 * s.codePointCount(0, s.length()));
        s.codePoints().forEach(utf32::putInt);
        return new DERUniversalString(utf32.array());
    }

    /** A certificate subject, named for the test report and built lazily (each build makes a key). */
    private static Named<Supplier<DistinguishedName>> cert(String rfc4514) {
        return Named.of("cert " + rfc4514, () -> subject(rfc4514));
    }

    private static Named<Supplier<DistinguishedName>> raw(String description, byte[] der) {
        return Named.of("cert " + description, () -> subject(der));
    }

    // ---------------------------------------------------------------------------------------------
    // Matching a rule string against certificate subjects

    @ParameterizedTest(name = "\"{0}\" ~ {1}: {2}")
    @MethodSource
    void ruleMatchesSubject(String ruleString, Supplier<DistinguishedName> certSubject, boolean expected) {
        DistinguishedName rule = rule(ruleString);
        DistinguishedName subject = certSubject.get();
        assertEquals(expected, rule.matches(subject), "rule matches subject");
        assertEquals(expected, subject.matches(rule), "subject matches rule");
    }

    static Stream<Arguments> ruleMatchesSubject() {
        return Stream.of(
                // Case and spacing in the rule string.
                arguments("CN=alice,O=Example", cert("CN=alice,O=Example"), true),
                arguments("cn=ALICE,  o=Example", cert("CN=alice,O=Example"), true),
                arguments("  CN = alice ,O= Example  ", cert("CN=alice,O=Example"), true),
                arguments("CN=Alice   Smith,O=Example", cert("CN=alice smith,O=Example"), true),
                arguments("commonName=alice,organizationName=Example", cert("CN=alice,O=Example"), true),
                arguments("2.5.4.3=alice,OID.2.5.4.10=Example", cert("CN=alice,O=Example"), true),
                arguments("CN=bob,O=Example", cert("CN=alice,O=Example"), false),
                arguments("UID=alice,O=Example", cert("CN=alice,O=Example"), false),
                // Multi-valued RDNs: attribute order inside an RDN does not matter.
                arguments("CN=a+UID=b", cert("UID=b+CN=a"), true),
                arguments("UID=b+CN=a", cert("CN=a+UID=b"), true),
                arguments("UID=b + CN=a", raw("UID=b+CN=a unsorted",
                        name(unsortedRdn(atv(UID, new DERUTF8String("b")), atv(CN, new DERUTF8String("a"))))), true),
                arguments("CN=a,UID=b", cert("CN=a+UID=b"), false),
                arguments("CN=a+UID=b", cert("CN=a,UID=b"), false),
                arguments("CN=a", cert("CN=a+UID=b"), false),
                // Extra, missing and reordered RDNs never match.
                arguments("CN=alice", cert("CN=alice,O=Example"), false),
                arguments("CN=alice,O=Example,C=US", cert("CN=alice,O=Example"), false),
                arguments("O=Example,CN=alice", cert("CN=alice,O=Example"), false),
                arguments("", cert("CN=alice"), false),
                // Escaped comma and plus are part of the value.
                arguments("CN=alice\\,OU=admins", cert("CN=alice\\,OU=admins"), true),
                arguments("CN=alice,OU=admins", cert("CN=alice\\,OU=admins"), false),
                arguments("CN=alice\\,OU=admins", cert("CN=alice,OU=admins"), false),
                arguments("CN=a\\+UID=b", cert("CN=a\\+UID=b"), true),
                arguments("CN=a\\+UID=b", cert("CN=a+UID=b"), false),
                // Hex escapes (UTF-8) and #hex BER values.
                arguments("CN=caf\\C3\\A9", cert("CN=café"), true),
                arguments("CN=CAF\\c3\\89", cert("CN=café"), true),
                arguments("CN=caf\\C3\\A9", cert("CN=cafe"), false),
                arguments("CN=#0c05616c696365", cert("CN=alice"), true),
                arguments("CN=#1305414c494345", cert("CN=alice"), true),
                arguments("CN=#0c05616c696365", cert("CN=alicia"), false),
                arguments("CN=#0403010203", raw("CN=OCTET STRING 010203", cn(new DEROctetString(new byte[] {1, 2, 3}))),
                        true),
                arguments("CN=#0403010204", raw("CN=OCTET STRING 010203", cn(new DEROctetString(new byte[] {1, 2, 3}))),
                        false),
                // The same text in any string type.
                arguments("CN=alice", raw("CN=BMPString Alice", cn(new DERBMPString("Alice"))), true),
                arguments("CN=alice", raw("CN=T61String ALICE", cn(new DERT61String("ALICE"))), true),
                arguments("CN=alice", raw("CN=UniversalString alice", cn(universal("alice"))), true),
                arguments("CN=alice", raw("CN=UTF8String ' alice  '", cn(new DERUTF8String(" alice  "))), true),
                arguments("CN=alice", raw("CN=PrintableString ALIce", cn(new DERPrintableString("ALIce"))), true),
                arguments("CN=alice", raw("CN=IA5String alice", cn(new DERIA5String("alice"))), true),
                arguments("CN=caf\\C3\\A9", raw("CN=BMPString CAFÉ", cn(new DERBMPString("CAFÉ"))), true),
                arguments("CN=café", raw("CN=T61String caf 0xe9", cn(new DERT61String(new byte[] {'c', 'a', 'f', (byte) 0xe9}))),
                        true),
                arguments("CN=café", raw("CN=UniversalString CAFÉ", cn(universal("CAFÉ"))), true),
                // RFC 4518 NFKC: MATHEMATICAL BOLD CAPITAL A is A.
                arguments("CN=Alice", raw("CN=UniversalString U+1D400 lice", cn(universal("\uD835\uDC00lice"))), true),
                // Embedded NUL: control characters make a value unusable, in certificates and rules alike.
                arguments("CN=alice", raw("CN=UTF8String alice NUL .evil", cn(new DERUTF8String("alice\u0000.evil"))),
                        false),
                arguments("CN=alice\\00.evil",
                        raw("CN=UTF8String alice NUL .evil", cn(new DERUTF8String("alice\u0000.evil"))), false),
                arguments("CN=alice.evil",
                        raw("CN=UTF8String alice NUL .evil", cn(new DERUTF8String("alice\u0000.evil"))), false),
                arguments("CN=alice", raw("CN=IA5String alice NUL", cn(new DERIA5String("alice\u0000"))), false));
    }

    // ---------------------------------------------------------------------------------------------
    // Values

    @Test
    void escapedCommaIsOneValue() {
        DistinguishedName subject = subject("CN=alice\\,OU=admins");
        assertEquals(1, subject.rdns().size());
        assertEquals(List.of(Optional.of("alice,OU=admins")),
                subject.values(CN).stream().map(AttributeValue::text).toList());
        assertTrue(subject.values(OU).isEmpty());

        DistinguishedName rule = rule("CN=alice\\,OU=admins");
        assertEquals(Optional.of("alice,OU=admins"), rule.values(CN).get(0).text());
        assertTrue(rule.values(OU).isEmpty());
    }

    @Test
    void embeddedNulIsAProblemNotText() {
        TestCertificate cert = TestCertificate.builder().subject(cn(new DERUTF8String("alice\u0000.evil"))).build();
        ClientIdentity identity = identity(cert);
        AttributeValue value = identity.subject().values(CN).get(0);

        assertEquals(Optional.empty(), value.text());
        assertEquals(Optional.empty(), value.prepared());
        assertEquals(Optional.of("UTF8String value contains a control character U+0000 at offset 5"), value.problem());
        assertEquals("UTF8String", value.encoding());
        assertTrue(identity.subject().hasProblems());
        assertTrue(identity.problems().contains("subject.cn: UTF8String value contains a control character U+0000 at offset 5"),
                identity.problems().toString());
        assertFalse(identity.subject().matches(identity.subject()), "a problem value does not even match itself");
        assertEquals("CN=alice\\00.evil", identity.subject().toString());

        DistinguishedName rule = rule("CN=alice\\00.evil");
        assertEquals(Optional.of("value contains a control character U+0000 at offset 5"),
                rule.values(CN).get(0).problem());
        assertEquals(Optional.empty(), rule.values(CN).get(0).text());
        assertFalse(rule.matches(rule));
    }

    @Test
    void duplicateAttributesAreAllKeptInEncodingOrder() {
        DistinguishedName subject = subject("CN=alice,OU=b,OU=a,O=Example");
        assertEquals(List.of("a", "b"), subject.values(OU).stream().map(v -> v.text().orElseThrow()).toList());
        assertEquals(List.of("Example", "a", "b", "alice"),
                subject.attributes().stream().map(v -> v.text().orElseThrow()).toList());
        assertTrue(subject.matches(rule("CN=alice,OU=b,OU=a,O=Example")));
        assertFalse(subject.matches(rule("CN=alice,OU=a,OU=b,O=Example")));
        assertFalse(subject.matches(rule("CN=alice,OU=a,O=Example")));

        // Twice the same type inside one RDN.
        DistinguishedName multi = subject(name(rdn(atv(OU, new DERUTF8String("x")), atv(OU, new DERUTF8String("y")))));
        assertEquals(2, multi.values(OU).size());
        assertTrue(multi.matches(rule("OU=y+OU=x")));
        assertFalse(multi.matches(rule("OU=x")));
        assertFalse(multi.matches(rule("OU=x+OU=x")));
    }

    /** Names whose attributes concatenate alike but are grouped or split differently must not match. */
    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\": {2}")
    @CsvSource(delimiter = '|', value = {
            "CN=a+CN=b|CN=a,CN=b|false",
            "CN=a,CN=b|CN=b,CN=a|false",
            "CN=b+CN=a|CN=a+CN=b|true",
            "CN=a\\,CN=b|CN=a,CN=b|false",
            "CN=1:x|CN=1,CN=x|false",
            "CN=a{1:b|CN=a+CN=b|false",
            "CN=  Alice   Smith |cn=alice smith|true",
            "O=#0c0141|O=A|true",
            "O=#130141|O=A|true",
            "1.2.3.4=#0403414243|1.2.3.4=#0403414243|true",
            "1.2.3.4=#0403414243|1.2.3.4=ABC|false",
    })
    void matchingIsByStructureAndPreparedValues(String a, String b, boolean expected) {
        assertEquals(expected, rule(a).matches(rule(b)));
        assertEquals(expected, rule(b).matches(rule(a)));
        assertEquals(expected, rule(a).matches(rule(b)), "a second time, with the names' keys built");
    }

    @Test
    void attributeDetails() {
        DistinguishedName subject = subject(name(
                rdn(atv(O, new DERPrintableString("Example"))),
                rdn(atv(CN, new DERBMPString("Alice  Smith")))));
        AttributeValue cn = subject.values(CN).get(0);
        assertEquals(CN, cn.type());
        assertEquals("CN", cn.typeName());
        assertEquals("BMPString", cn.encoding());
        assertEquals(Optional.of("Alice  Smith"), cn.text());
        assertEquals(Optional.of("alice smith"), cn.prepared());
        assertEquals(Optional.empty(), cn.problem());
        assertEquals("PrintableString", subject.values(O).get(0).encoding());
        assertFalse(subject.hasProblems());
        assertFalse(subject.isEmpty());
        assertTrue(rule("").isEmpty());
        assertTrue(rule("   ").isEmpty());
    }

    // ---------------------------------------------------------------------------------------------
    // RFC 4514 string form

    @ParameterizedTest(name = "{0} prints as {1}")
    @MethodSource
    void toStringEscapes(Supplier<DistinguishedName> certSubject, String expected, boolean roundTrips) {
        DistinguishedName subject = certSubject.get();
        assertEquals(expected, subject.toString());
        // Parsing the printed form gives back a matching name, except for values with problems.
        assertEquals(roundTrips, rule(expected).matches(subject), "parse(toString()) matches");
    }

    static Stream<Arguments> toStringEscapes() {
        return Stream.of(
                arguments(cert("CN=alice,O=Example"), "CN=alice,O=Example", true),
                arguments(raw("CN=a,b", cn(new DERUTF8String("a,b"))), "CN=a\\,b", true),
                arguments(raw("CN=a+b", cn(new DERUTF8String("a+b"))), "CN=a\\+b", true),
                arguments(raw("CN=\"q\";<x>\\", cn(new DERUTF8String("\"q\";<x>\\"))), "CN=\\\"q\\\"\\;\\<x\\>\\\\",
                        true),
                arguments(raw("CN=#hash", cn(new DERUTF8String("#hash"))), "CN=\\#hash", true),
                arguments(raw("CN=a#b=c", cn(new DERUTF8String("a#b=c"))), "CN=a#b=c", true),
                arguments(raw("CN=' lead'", cn(new DERUTF8String(" lead"))), "CN=\\ lead", true),
                arguments(raw("CN='trail '", cn(new DERUTF8String("trail "))), "CN=trail\\ ", true),
                arguments(raw("CN='in  side'", cn(new DERUTF8String("in  side"))), "CN=in  side", true),
                arguments(raw("CN=café", cn(new DERUTF8String("café"))), "CN=café", true),
                arguments(raw("CN=alice NUL .evil", cn(new DERUTF8String("alice\u0000.evil"))), "CN=alice\\00.evil",
                        false),
                arguments(raw("CN=DEL", cn(new DERUTF8String("a\u007fb"))), "CN=a\\7Fb", false),
                arguments(raw("CN=U+0085", cn(new DERUTF8String("a\u0085b"))), "CN=a\\C2\\85b", false),
                arguments(raw("CN=OCTET STRING", cn(new DEROctetString(new byte[] {1, 2, 3}))), "CN=#0403010203", true),
                arguments(raw("CN=bad PrintableString", cn(new DERPrintableString("a@b", false))), "CN=#1303614062",
                        false),
                arguments(raw("CN=a+UID=b unsorted",
                        name(unsortedRdn(atv(UID, new DERUTF8String("b")), atv(CN, new DERUTF8String("a"))))),
                        "UID=b+CN=a", true),
                arguments(raw("1.2.3.4=x,emailAddress=a@b", name(
                        rdn(atv("1.2.840.113549.1.9.1", new DERIA5String("a@b"))),
                        rdn(atv("1.2.3.4", new DERUTF8String("x"))))), "1.2.3.4=#0c0178,emailAddress=a@b", true));
    }

    @Test
    void emptyNamePrintsEmpty() throws CertificateFormatException {
        DistinguishedName empty = DistinguishedName.fromDer(new byte[] {0x30, 0x00});
        assertEquals("", empty.toString());
        assertTrue(empty.matches(rule("")));
    }

    // ---------------------------------------------------------------------------------------------
    // Syntax errors

    @ParameterizedTest(name = "\"{0}\" at {1}: {2}")
    @MethodSource
    void syntaxErrors(String input, int offset, String message) {
        NameSyntaxException e = assertThrows(NameSyntaxException.class, () -> DistinguishedName.parse(input));
        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("CN", 2, "expected '=' after attribute type 'CN'"),
                arguments("CN alice", 3, "expected '=' after attribute type 'CN'"),
                arguments("XX=1", 0, "unknown attribute type 'XX' (use a dotted OID for types without a short name)"),
                arguments("CN=a,  Foo=b", 7,
                        "unknown attribute type 'Foo' (use a dotted OID for types without a short name)"),
                // A ';' after a plain value is reported as an unescaped character of that value.
                arguments("CN=a;O=b", 4, "unescaped ';' in a value; separate RDNs with ',' or write '\\;'"),
                arguments("CN=#0c0161;O=b", 10, "expected ',' between RDNs, found ';'"),
                arguments("CN=#0c0161 x", 11, "expected ',' or '+' after a value, found 'x'"),
                arguments("CN=a\\", 4, "expected a character or two hex digits after '\\', found the end"),
                arguments("CN=a\\q", 4,
                        "'\\q' is not an escape; escape only \" + , ; < > \\ space # = or write two hex digits"),
                arguments("CN=a\\4", 4, "expected two hex digits after '\\'"),
                arguments("CN=a\\4g", 4, "expected two hex digits after '\\'"),
                arguments("CN=caf\\C3", 6, "hex escapes do not form valid UTF-8"),
                arguments("CN=#abc", 3, "expected an even number of hex digits after '#'"),
                arguments("CN=#", 3, "expected an even number of hex digits after '#'"),
                arguments("CN=#0c0261", 3, "invalid BER value after '#': truncated: value of 2 bytes, 1 left"),
                arguments("CN=\"x\"", 3, "unescaped '\"' in a value; write it as '\\\"'"),
                arguments("CN=a<b", 4, "unescaped '<' in a value; write it as '\\<'"),
                arguments("CN=a,", 5, "expected an attribute type such as CN or a dotted OID, found the end"),
                arguments("CN=a+", 5, "expected an attribute type such as CN or a dotted OID, found the end"),
                arguments("=a", 0, "expected an attribute type such as CN or a dotted OID, found '='"),
                arguments("CN=a,,O=b", 5, "expected an attribute type such as CN or a dotted OID, found ','"));
    }

    @Test
    void aTypeWithoutAShortNameIsPrintedAsHexAndMatchedAsHexOrText() throws Exception {
        DistinguishedName dn = DistinguishedName.fromDer(name(rdn(atv("1.2.3.4", new DERUTF8String("x")))));
        assertEquals("1.2.3.4=#0c0178", dn.toString());
        assertTrue(DistinguishedName.parse(dn.toString()).matches(dn), "the printed form pasted into a rule");
        assertTrue(DistinguishedName.parse("1.2.3.4=X").matches(dn), "written as text");
        assertEquals(new javax.security.auth.x500.X500Principal(name(rdn(atv("1.2.3.4", new DERUTF8String("x"))))).getName(),
                dn.toString(), "as the JDK prints it");
    }
}
