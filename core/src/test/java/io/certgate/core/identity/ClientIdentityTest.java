package io.certgate.core.identity;

import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What {@link ClientIdentity} reads from real certificates, including hostile ones. */
class ClientIdentityTest {
    static TestCertificate ca;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Test CA,O=Example").ca(0).build();
    }

    static ClientIdentity identity(TestCertificate.Builder b) throws CertificateFormatException {
        return ClientIdentity.of(b.signedBy(ca).build().certificate());
    }

    static byte[] name(ASN1Encodable... rdns) throws Exception {
        return new DERSequence(rdns).getEncoded();
    }

    static DERSet rdn(String oid, ASN1Encodable value) {
        return new DERSet(new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value}));
    }

    @Test
    void readsEveryPart() throws Exception {
        TestCertificate cert = TestCertificate.builder()
                .subject("CN=alice,OU=ops,O=Example")
                .serial(new BigInteger("00ff01", 16))
                .sanDns("alice.example.org").sanIp("10.0.0.1", "::1").sanEmail("alice@example.org")
                .sanUri("spiffe://example.org/alice").sanUpn("alice@corp").sanRegisteredId("1.2.3")
                .sanDirectoryName("CN=alt").clientAuth().extendedKeyUsage("1.3.6.1.5.5.7.3.1")
                .policies("2.5.29.32.0", "1.2.3.4")
                .signedBy(ca).build();
        ClientIdentity id = ClientIdentity.of(cert.certificate());
        assertEquals("CN=alice,OU=ops,O=Example", id.subject().toString());
        assertEquals("CN=Test CA,O=Example", id.issuer().toString());
        assertEquals(List.of("alice.example.org"), id.subjectAltNames().dns());
        assertEquals("[10.0.0.1, ::1]", id.subjectAltNames().ip().toString());
        assertEquals(List.of("alice@example.org"), id.subjectAltNames().email());
        assertEquals(List.of("alice@corp"), id.subjectAltNames().upn());
        assertEquals(List.of("alice@corp"), id.subjectAltNames().otherNames().get(SubjectAltNames.UPN_OID));
        assertEquals(List.of("1.2.3"), id.subjectAltNames().registeredIds());
        assertEquals("CN=alt", id.subjectAltNames().directoryNames().get(0).toString());
        assertEquals("spiffe://example.org/alice", id.spiffeId().orElseThrow().toString());
        assertEquals("ff01", id.serialHex());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.der())), id.fingerprintHex());
        byte[] spki = cert.certificate().getPublicKey().getEncoded();
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki)), id.spkiPin());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), id.extendedKeyUsages());
        assertEquals(List.of("2.5.29.32.0", "1.2.3.4"), id.policies());
        assertEquals(cert.certificate().getNotAfter().toInstant(), id.notAfter());
        assertTrue(id.problems().isEmpty(), id.problems().toString());
    }

    @Test
    void escapedCommaIsOneValueNotAnotherAttribute() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject(name(rdn("2.5.4.3", new DERUTF8String("alice,OU=admins")))));
        assertEquals(1, id.subject().attributes().size());
        assertEquals("alice,OU=admins", id.subject().values("2.5.4.3").get(0).text().orElseThrow());
        assertTrue(id.subject().values("2.5.4.11").isEmpty());
        assertEquals("CN=alice\\,OU=admins", id.subject().toString());
    }

    @Test
    void embeddedNulMakesTheValueAbsentForMatching() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject(name(rdn("2.5.4.3", new DERUTF8String("alice\0.evil")))));
        AttributeValue cn = id.subject().values("2.5.4.3").get(0);
        assertTrue(cn.text().isEmpty());
        assertEquals("UTF8String value contains a control character U+0000 at offset 5", cn.problem().orElseThrow());
        assertEquals("CN=alice\\00.evil", id.subject().toString());
        assertEquals(List.of("subject.cn: UTF8String value contains a control character U+0000 at offset 5"), id.problems());
        assertFalse(id.subject().matches(DistinguishedName.parse("CN=alice")));
    }

    @Test
    void nonStringValuesAreReportedAndStillCompareByEncoding() throws Exception {
        byte[] raw = name(rdn("2.5.4.10", new DERUTF8String("Example")),
                rdn("2.5.4.3", new DEROctetString(new byte[] {1, 2, 3})),
                rdn("2.5.4.3", new org.bouncycastle.asn1.ASN1Integer(7)));
        ClientIdentity id = identity(TestCertificate.builder().subject(raw).issuerName(raw));
        assertEquals(List.of(
                "subject.cn: value is OCTET STRING, not a character string",
                "subject.cn: value is INTEGER, not a character string",
                "issuer.cn: value is OCTET STRING, not a character string",
                "issuer.cn: value is INTEGER, not a character string"), id.problems());
        assertTrue(id.subject().values("2.5.4.3").stream().allMatch(v -> v.text().isEmpty()));
        assertEquals("OCTET STRING", id.subject().values("2.5.4.3").get(0).encoding());
        assertFalse(id.subject().hasProblems());
        assertTrue(id.subject().matches(DistinguishedName.parse("CN=#020107,CN=#0403010203,O=Example")));
        assertTrue(id.issuer().matches(id.subject()));
        assertFalse(id.subject().matches(DistinguishedName.parse("CN=#020108,CN=#0403010203,O=Example")));
    }

    @Test
    void duplicateAttributesAreAllKept() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject("CN=alice,OU=a,OU=b,OU=a"));
        assertEquals(3, id.subject().values("2.5.4.11").size());
    }

    @Test
    void undecodableValuesAreReportedNotThrown() throws Exception {
        byte[] badUtf8 = {(byte) 0x0c, 0x02, (byte) 0xc3, 0x28};
        byte[] raw = name(rdn("2.5.4.3", org.bouncycastle.asn1.ASN1Primitive.fromByteArray(badUtf8)),
                rdn("2.5.4.10", new DERUTF8String("Example")));
        ClientIdentity id = identity(TestCertificate.builder().subject(raw));
        assertEquals(List.of("subject.cn: invalid UTF-8 in UTF8String"), id.problems());
        assertEquals("Example", id.subject().values("2.5.4.10").get(0).text().orElseThrow());
        assertEquals("O=Example,CN=#0c02c328", id.subject().toString());
    }

    @Test
    void hostileSubjectAltNamesAreLeftOutWithAReason() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder()
                .sanRaw(new GeneralName(GeneralName.dNSName, new DERIA5String("alice\0.evil.org", false)))
                .sanRaw(new GeneralName(GeneralName.rfc822Name, new DERIA5String("bob @example.org", false)))
                .sanDns("ok.example.org")
                .sanIpBytes(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0}));
        assertEquals(List.of("ok.example.org"), id.subjectAltNames().dns());
        assertTrue(id.subjectAltNames().email().isEmpty());
        assertTrue(id.subjectAltNames().ip().isEmpty());
        assertEquals(List.of(
                "san.dns: byte 0x00 at offset 5 is not a visible ASCII character",
                "san.email: byte 0x20 at offset 3 is not a visible ASCII character",
                "san.ip: iPAddress of 8 bytes, expected 4 or 16"), id.problems());
    }

    /** A subjectAltName extension holding exactly the given GeneralName encodings. */
    static TestCertificate.Builder sanExtension(byte[]... generalNames) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] g : generalNames) {
            content.write(g);
        }
        byte[] body = content.toByteArray();
        byte[] seq = new byte[body.length + 2];
        seq[0] = 0x30;
        seq[1] = (byte) body.length;
        System.arraycopy(body, 0, seq, 2, body.length);
        return TestCertificate.builder().extension("2.5.29.17", false, seq);
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static final byte[] DNS_A_EXAMPLE = bytes(0x82, 0x09, 'a', '.', 'b', 'l', 'o', 'c', 'k', 'e', 'd');

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aMalformedSubjectAltNameExtensionMakesTheCertificateUnreadable(String what, byte[] generalName, String message)
            throws Exception {
        TestCertificate.Builder builder = sanExtension(DNS_A_EXAMPLE, generalName);
        CertificateFormatException e = assertThrows(CertificateFormatException.class,
                () -> identity(builder));
        assertEquals("subjectAltName: malformed extension: " + message, e.getMessage());
    }

    static Stream<Arguments>
            aMalformedSubjectAltNameExtensionMakesTheCertificateUnreadable() {
        return Stream.of(
                arguments("unknown tag [9]", bytes(0x89, 0x01, 'x'),
                        "unknown GeneralName tag 0x89"),
                arguments("constructed dNSName", bytes(0xa2, 0x03, 0x16, 0x01, 'x'),
                        "unknown GeneralName tag 0xa2"),
                arguments("directoryName with an empty RDN",
                        bytes(0xa4, 0x04, 0x30, 0x02, 0x31, 0x00), "empty relative distinguished name"),
                arguments("directoryName of two Names",
                        bytes(0xa4, 0x04, 0x30, 0x00, 0x30, 0x00), "directoryName must hold exactly one Name"),
                arguments("otherName without its [0] value",
                        bytes(0xa0, 0x04, 0x06, 0x02, 0x2a, 0x03), "otherName must be a type-id and a [0] value"),
                arguments("otherName [0] of two values",
                        bytes(0xa0, 0x0c, 0x06, 0x02, 0x2a, 0x03, 0xa0, 0x06, 0x0c, 0x01, 'x', 0x0c, 0x01, 'y'),
                        "otherName [0] must hold exactly one value"),
                arguments("truncated entry", bytes(0x82, 0x05, 'x'),
                        "truncated: value of 5 bytes, 1 left"));
    }

    @Test
    void wellFormedButUnsupportedOrUndecodableNamesAreLeftOutNotFatal() throws Exception {
        ClientIdentity id = identity(sanExtension(DNS_A_EXAMPLE,
                bytes(0xa3, 0x02, 0x30, 0x00),
                bytes(0xa5, 0x02, 0x81, 0x00),
                bytes(0x88, 0x02, 0x80, 0x01),
                bytes(0x88, 0x02, 0x2a, 0x03)));
        assertEquals(List.of("a.blocked"), id.subjectAltNames().dns());
        assertEquals(List.of("1.2.3"), id.subjectAltNames().registeredIds());
        assertEquals(List.of("san.x400Address: not supported, ignored", "san.ediPartyName: not supported, ignored",
                "san.rid: OBJECT IDENTIFIER arc is not minimally encoded"), id.problems());
    }

    @Test
    void anEmailThatIsNotOneMailboxIsLeftOut() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().sanEmail("mallory@evil.org@Example.com", "example.com",
                "@example.com", "mallory@", "@", "alice@example.org"));
        assertEquals(List.of("alice@example.org"), id.subjectAltNames().email());
        assertEquals(List.of(
                "san.email: 'mallory@evil.org@Example.com' is not a single mailbox local@domain",
                "san.email: 'example.com' is not a single mailbox local@domain",
                "san.email: '@example.com' is not a single mailbox local@domain",
                "san.email: 'mallory@' is not a single mailbox local@domain",
                "san.email: '@' is not a single mailbox local@domain"), id.problems());
    }

    @Test
    void aUpnThatIsNotUserAtDomainIsLeftOut() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().sanUpn("mallory@evil@corp.example").sanUpn("alice")
                .sanUpn("@corp").sanUpn("bob@").sanUpn("b\u00f6b@corp.example"));
        assertEquals(List.of("b\u00f6b@corp.example"), id.subjectAltNames().upn());
        assertEquals(List.of(
                "san.upn: 'mallory@evil@corp.example' is not a single user@domain",
                "san.upn: 'alice' is not a single user@domain",
                "san.upn: '@corp' is not a single user@domain",
                "san.upn: 'bob@' is not a single user@domain"), id.problems());
        assertEquals(5, id.subjectAltNames().otherNames().get(SubjectAltNames.UPN_OID).size(),
                "still otherName values as written");
    }

    static final List<String> ATTRIBUTES = List.of("subject", "issuer", "subject.2.5.4.3", "subject.2.5.4.10",
            "issuer.2.5.4.3", "san.dns", "san.ip", "san.email", "san.uri", "san.upn", "san.other.1.2.3",
            "san.other." + SubjectAltNames.UPN_OID, "san.dirname", "san.rid", "spiffe-id", "eku", "policy");

    /** The attributes of {@link #ATTRIBUTES} for which {@link ClientIdentity#hasUnreadableValues} holds. */
    static List<String> unreadable(ClientIdentity id) {
        return ATTRIBUTES.stream().filter(id::hasUnreadableValues).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unreadableValuesAreTrackedByAttribute(String what, TestCertificate.Builder cert, List<String> expected)
            throws Exception {
        ClientIdentity id = identity(cert);
        assertEquals(expected, unreadable(id), id.problems().toString());
        assertEquals(expected.isEmpty(), id.problems().isEmpty() || what.startsWith("ignored"), id.problems().toString());
    }

    static Stream<Arguments> unreadableValuesAreTrackedByAttribute() throws Exception {
        byte[] badUtf8Cn = name(rdn("2.5.4.3", org.bouncycastle.asn1.ASN1Primitive.fromByteArray(bytes(0x0c, 0x02, 0xc3, 0x28))),
                rdn("2.5.4.10", new DERUTF8String("Example")));
        byte[] octetCn = name(rdn("2.5.4.3", new DEROctetString(new byte[] {1})));
        return Stream.of(
                arguments("a readable certificate", TestCertificate.builder().subject("CN=alice,O=Example")
                        .sanDns("a.example").sanIp("10.0.0.1").sanEmail("a@example.org").sanUri("spiffe://example.org/a")
                        .sanUpn("a@corp").sanOtherName("1.2.3", new DERUTF8String("x")).sanDirectoryName("CN=a")
                        .sanRegisteredId("1.2.3").clientAuth().policies("1.2.3"), List.of()),
                arguments("ignored x400Address and ediPartyName",
                        sanExtension(bytes(0xa3, 0x02, 0x30, 0x00), bytes(0xa5, 0x02, 0x81, 0x00)), List.of()),
                arguments("two URIs, no spiffe scheme", TestCertificate.builder().sanUri("https://a/", "https://b/"),
                        List.of()),
                arguments("subject CN with bad UTF-8", TestCertificate.builder().subject(badUtf8Cn),
                        List.of("subject", "subject.2.5.4.3")),
                arguments("subject CN as an OCTET STRING", TestCertificate.builder().subject(octetCn),
                        List.of("subject.2.5.4.3")),
                arguments("issuer CN with bad UTF-8", TestCertificate.builder().issuerName(badUtf8Cn),
                        List.of("issuer", "issuer.2.5.4.3")),
                arguments("dNSName with a NUL", TestCertificate.builder().sanDns("ok.example")
                        .sanRaw(new GeneralName(GeneralName.dNSName, new DERIA5String("a\0.example", false))),
                        List.of("san.dns")),
                arguments("iPAddress of 5 bytes", TestCertificate.builder().sanIpBytes(new byte[5]), List.of("san.ip")),
                arguments("rfc822Name of two mailboxes", TestCertificate.builder().sanEmail("a@b@c"),
                        List.of("san.email")),
                arguments("URI with a space", TestCertificate.builder()
                        .sanRaw(new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String("https://a b/", false))),
                        List.of("san.uri", "spiffe-id")),
                arguments("UPN as an IA5String", TestCertificate.builder().sanOtherName(SubjectAltNames.UPN_OID,
                        new DERIA5String("a@corp")), List.of("san.upn")),
                arguments("UPN without a domain", TestCertificate.builder().sanUpn("alice"), List.of("san.upn")),
                arguments("UPN with a NUL", TestCertificate.builder().sanUpn("a\0@corp"),
                        List.of("san.upn", "san.other." + SubjectAltNames.UPN_OID)),
                arguments("otherName with a NUL", TestCertificate.builder().sanOtherName("1.2.3", new DERUTF8String("a\0")),
                        List.of("san.other.1.2.3")),
                arguments("directoryName CN with bad UTF-8", sanExtension(bytes(0xa4, 0x0f, 0x30, 0x0d, 0x31, 0x0b,
                        0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02, 0xc3, 0x28)), List.of("san.dirname")),
                arguments("registeredID not minimally encoded", sanExtension(bytes(0x88, 0x02, 0x80, 0x01)),
                        List.of("san.rid")),
                arguments("two URIs, one spiffe", TestCertificate.builder().sanUri("spiffe://example.org/a", "https://b/"),
                        List.of("spiffe-id")),
                arguments("invalid SPIFFE ID", TestCertificate.builder().sanUri("spiffe://Example.org/a"),
                        List.of("spiffe-id")),
                arguments("SPIFFE ID without a path", TestCertificate.builder().sanUri("spiffe://example.org"),
                        List.of("spiffe-id")),
                arguments("malformed extendedKeyUsage", TestCertificate.builder()
                        .extension("2.5.29.37", false, bytes(0x30, 0x03, 0x02, 0x01, 0x01)), List.of("eku")),
                arguments("malformed certificatePolicies", TestCertificate.builder()
                        .extension("2.5.29.32", false, bytes(0x30, 0x03, 0x02, 0x01, 0x01)), List.of("policy")));
    }

    @Test
    void unreadableValuesByShortNamesAndSpiffeParts() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder()
                .subject(name(rdn("2.5.4.3", new DERUTF8String("a\0")), rdn("2.5.4.11", new DERUTF8String("ops"))))
                .sanUri("spiffe://example.org"));
        assertTrue(id.hasUnreadableValues("subject.cn"));
        assertTrue(id.hasUnreadableValues("Subject.CommonName"));
        assertTrue(id.hasUnreadableValues("subject.OID.2.5.4.3"));
        assertFalse(id.hasUnreadableValues("subject.ou"));
        assertFalse(id.hasUnreadableValues("issuer.cn"));
        assertTrue(id.hasUnreadableValues("spiffe-id.path"));
        assertTrue(id.hasUnreadableValues("spiffe-id.trust-domain"));
        assertFalse(id.hasUnreadableValues("serial"));
        assertFalse(id.hasUnreadableValues("subject.nonsense"));
        assertFalse(id.hasUnreadableValues(""));
    }

    @Test
    void otherNamesByOid() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder()
                .sanOtherName("1.2.3.4", new DERUTF8String("text"))
                .sanOtherName("1.2.3.5", new DEROctetString(new byte[] {1, 2})));
        assertEquals(List.of("text"), id.subjectAltNames().otherNames().get("1.2.3.4"));
        assertEquals(List.of("#04020102"), id.subjectAltNames().otherNames().get("1.2.3.5"));
    }

    @Test
    void spiffeIdNeedsExactlyOneValidUriName() throws Exception {
        assertEquals("spiffe://example.org/ns/a", identity(TestCertificate.builder().sanUri("spiffe://example.org/ns/a"))
                .spiffeId().orElseThrow().toString());
        ClientIdentity two = identity(TestCertificate.builder().sanUri("spiffe://example.org/a", "spiffe://example.org/b"));
        assertTrue(two.spiffeId().isEmpty());
        assertEquals(List.of("spiffe-id: absent, the certificate has 2 URI names and an X.509-SVID must have exactly one"),
                two.problems());
        ClientIdentity mixed = identity(TestCertificate.builder().sanUri("spiffe://example.org/a", "https://example.org/"));
        assertTrue(mixed.spiffeId().isEmpty());
        ClientIdentity upper = identity(TestCertificate.builder().sanUri("spiffe://Example.org/a"));
        assertTrue(upper.spiffeId().isEmpty());
        assertEquals(List.of("spiffe-id: absent, SPIFFE ID trust domain has character 'E'; only lower-case letters, digits,"
                + " '.', '-' and '_' are allowed"), upper.problems());
        assertTrue(identity(TestCertificate.builder().sanUri("https://example.org/")).spiffeId().isEmpty());
        assertTrue(identity(TestCertificate.builder().sanUri("https://example.org/")).problems().isEmpty());
    }

    @Test
    void aTrustDomainIdWithoutAPathIsNoLeafSpiffeId() throws Exception {
        ClientIdentity root = identity(TestCertificate.builder().sanUri("spiffe://prod.example.org"));
        assertTrue(root.spiffeId().isEmpty());
        assertEquals(List.of("spiffe://prod.example.org"), root.subjectAltNames().uri());
        assertEquals(List.of("spiffe-id: absent, 'spiffe://prod.example.org' has no path and a leaf X509-SVID needs one"),
                root.problems());
        assertEquals("spiffe://prod.example.org/a", identity(TestCertificate.builder().sanUri("spiffe://prod.example.org/a"))
                .spiffeId().orElseThrow().toString());
    }

    @Test
    void aTrustDomainOfMoreThan255BytesIsNoSpiffeId() throws Exception {
        String longest = "a".repeat(251) + ".org";
        assertEquals(longest, identity(TestCertificate.builder().sanUri("spiffe://" + longest + "/w"))
                .spiffeId().orElseThrow().trustDomain());
        ClientIdentity tooLong = identity(TestCertificate.builder().sanUri("spiffe://a" + longest + "/w"));
        assertTrue(tooLong.spiffeId().isEmpty());
        assertEquals(List.of("spiffe-id: absent, SPIFFE ID trust domain longer than 255 bytes"), tooLong.problems());
    }

    @Test
    void negativeAndLongSerials() throws Exception {
        assertEquals("-1", identity(TestCertificate.builder().serial(BigInteger.ONE.negate())).serialHex());
        BigInteger big = new BigInteger("0102030405060708090a0b0c0d0e0f101112131415161718", 16);
        assertEquals(big, identity(TestCertificate.builder().serial(big)).serial());
    }

    @Test
    void stringTypesDecode() throws Exception {
        ClientIdentity id = identity(TestCertificate.builder().subject(name(
                rdn("2.5.4.3", new org.bouncycastle.asn1.DERBMPString("caf\u00e9")),
                rdn("2.5.4.3", new org.bouncycastle.asn1.DERT61String("caf\u00e9")),
                rdn("2.5.4.3", new org.bouncycastle.asn1.DERUniversalString(new byte[] {0, 1, (byte) 0xf6, 0x00})),
                rdn("2.5.4.3", new DERIA5String("ia5")),
                rdn("2.5.4.3", new org.bouncycastle.asn1.DERPrintableString("Printable")))));
        List<String> texts = id.subject().values("2.5.4.3").stream().map(v -> v.text().orElse("?")).toList();
        assertEquals(List.of("caf\u00e9", "caf\u00e9", "\uD83D\uDE00", "ia5", "Printable"), texts);
        List<String> encodings = id.subject().values("2.5.4.3").stream().map(AttributeValue::encoding).toList();
        assertEquals(List.of("BMPString", "TeletexString", "UniversalString", "IA5String", "PrintableString"), encodings);
    }
}
