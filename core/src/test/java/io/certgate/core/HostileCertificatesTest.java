package io.certgate.core;

import io.certgate.core.audit.AuditRecord;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates made to mislead or overwhelm, decided through the front door: each is decided (with the roles
 * its names really earn) or refused with a specific reason, never an exception and never {@code INTERNAL_ERROR}.
 * The TLS stack has verified them all; these are what a careless or hostile CA in the trust store can issue.
 */
class HostileCertificatesTest {
    static TestCertificate ca;

    final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
    }

    Decision decide(String rules, TestCertificate.Builder cert) throws Exception {
        return decide(rules, cert.signedBy(ca).build());
    }

    Decision decide(String rules, TestCertificate cert) throws Exception {
        CertGate gate = CertGate.builder().rules(RuleSet.parse("hostile.rules", rules)).auditListener(audit::add).build();
        Decision d = gate.decide(cert.chainArray());
        assertEquals(1, audit.size(), "one audit record per decision");
        return d;
    }

    static Decision.Authenticated authenticated(Decision d) {
        return assertInstanceOf(Decision.Authenticated.class, d, d.toString());
    }

    static Decision.Denied denied(Decision d) {
        return assertInstanceOf(Decision.Denied.class, d, d.toString());
    }

    /** A Name of one RDN per value, each a CN in a UTF8String. */
    static byte[] commonNames(String... values) throws Exception {
        ASN1Encodable[] rdns = new ASN1Encodable[values.length];
        for (int i = 0; i < values.length; i++) {
            rdns[i] = new DERSet(new DERSequence(new ASN1Encodable[] {
                    new ASN1ObjectIdentifier("2.5.4.3"), new DERUTF8String(values[i])}));
        }
        return new DERSequence(rdns).getEncoded();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Names that try to smuggle structure

    @Test
    void aCommaInsideACommonNameDoesNotMakeAnOrganizationalUnit() throws Exception {
        Decision.Authenticated a = authenticated(decide("""
                principal = subject.cn
                role admin when subject.ou = "admins"
                role admin when subject = "CN=alice,OU=admins"
                """, TestCertificate.builder().subject(commonNames("alice,OU=admins"))));
        assertEquals("alice,OU=admins", a.principal());
        assertEquals(Set.of(), a.roles());
        assertEquals("CN=alice\\,OU=admins", audit.get(0).subject());
    }

    @Test
    void aMultiValuedRdnIsNotTwoRdns() throws Exception {
        Decision.Authenticated a = authenticated(decide("""
                role sequence when subject = "CN=alice,OU=admins"
                role multi when subject = "OU=admins+CN=alice"
                """, TestCertificate.builder().subject("CN=alice+OU=admins")));
        assertEquals(Set.of("multi"), a.roles());
    }

    @Test
    void quotesInAValueAreCharactersOfTheValue() throws Exception {
        Decision.Authenticated a = authenticated(decide("""
                principal = subject.cn
                role plain when subject.cn = "alice"
                role quoted when subject.cn = "\\"alice\\""
                """, TestCertificate.builder().subject(commonNames("\"alice\""))));
        assertEquals("\"alice\"", a.principal());
        assertEquals(Set.of("quoted"), a.roles());
    }

    @Test
    void aCommonNameWithANulIsNoPrincipalAndMatchesNothing() throws Exception {
        Decision.Denied d = denied(decide("""
                principal = subject.cn
                role a when subject.cn = "alice"
                """, TestCertificate.builder().subject(commonNames("alice\0.evil"))));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals("CN=alice\\00.evil", audit.get(0).subject());
    }

    @Test
    void aLineBreakInANameIsEscapedInTheAuditRecord() throws Exception {
        authenticated(decide("role a when true", TestCertificate.builder().subject(commonNames("alice\u2028O=forged"))));
        assertEquals(1, audit.get(0).toString().lines().count());
        // The subject's RFC 4514 form writes U+2028 as UTF-8 hex pairs, whose backslashes the record escapes.
        assertTrue(audit.get(0).toString().contains("subject=\"CN=alice\\\\E2\\\\80\\\\A8O=forged\""),
                audit.get(0).toString());
    }

    @Test
    void lookAlikeLettersOfAnotherScriptAreNotTheName() throws Exception {
        String rules = "principal = subject.cn\nrole admin when subject.cn = \"alice\"\n";
        assertEquals(Set.of(), authenticated(decide(rules,
                TestCertificate.builder().subject(commonNames("\u0430lice")))).roles(), "Cyrillic a");
        audit.clear();
        assertEquals(Set.of("admin"), authenticated(decide(rules,
                TestCertificate.builder().subject(commonNames("\uff41\uff4c\uff49\uff43\uff45")))).roles(),
                "fullwidth letters are compatibility forms of alice (NFKC)");
        audit.clear();
        assertEquals(Set.of(), authenticated(decide(rules,
                TestCertificate.builder().subject(commonNames("a\u0301lice")))).roles(), "a with a combining accent");
    }

    @Test
    void anInvisibleFormatCharacterDoesNotMakeAnotherName() throws Exception {
        String rules = """
                principal = subject.cn
                role mallory when subject.cn = "mallory"
                role not-mallory when subject.cn != "mallory"
                """;
        for (String cn : List.of("mallory\u200e", "\u202emallory", "mal\u2063lory", "mallory\uD834\uDD73")) {
            audit.clear();
            assertEquals(Set.of("mallory"), authenticated(decide(rules,
                    TestCertificate.builder().subject(commonNames(cn)))).roles(), cn);
        }
    }

    @Test
    void aDecomposedAccentEqualsThePrecomposedLetter() throws Exception {
        Decision.Authenticated a = authenticated(decide("principal = subject.cn\nrole c when subject.cn = \"caf\u00e9\"\n",
                TestCertificate.builder().subject(commonNames("cafe\u0301"))));
        assertEquals(Set.of("c"), a.roles(), "NFKC composes e + U+0301 to U+00E9");
    }

    @Test
    void aMalformedSubjectAltNameExtensionIsRefusedLikeAMalformedSubject() throws Exception {
        String rules = """
                principal = subject.cn
                role open when not san.dns matches "**.blocked.example"
                """;
        // SEQUENCE { dNSName "x.blocked.example", [9] "x" }: a name the rule refuses, then an unknown GeneralName.
        byte[] sans = {0x30, 0x16, (byte) 0x82, 0x11, 'x', '.', 'b', 'l', 'o', 'c', 'k', 'e', 'd', '.', 'e', 'x', 'a',
                'm', 'p', 'l', 'e', (byte) 0x89, 0x01, 'x'};
        Decision.Denied badSan = denied(decide(rules, TestCertificate.builder().subject("CN=alice")
                .extension("2.5.29.17", false, sans)));
        assertEquals(DenialReason.UNREADABLE_CERTIFICATE, badSan.reason());
        assertEquals("unreadable client certificate: subjectAltName: malformed extension: unknown GeneralName tag 0x89",
                badSan.message());
        audit.clear();
        // A subject whose second RDN is empty.
        byte[] subject = {0x30, 0x0e, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'a', 0x31, 0x00};
        Decision.Denied badSubject = denied(decide(rules, TestCertificate.builder().subject(subject)));
        assertEquals(DenialReason.UNREADABLE_CERTIFICATE, badSubject.reason());
        assertEquals("unreadable client certificate: subject: invalid distinguished name: empty relative distinguished name",
                badSubject.message());
    }

    @Test
    void anEmailOfTwoMailboxesIsNoEmail() throws Exception {
        Decision.Denied d = denied(decide("""
                principal = san.email
                role example when san.email matches "*@example.com"
                """, TestCertificate.builder().sanEmail("mallory@evil.org@Example.com")));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals(List.of("san.email: 'mallory@evil.org@Example.com' is not a single mailbox local@domain"),
                d.identity().orElseThrow().problems());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Names made to overwhelm

    @Test
    void aCommonNameOfSixtyFourThousandCharactersIsDecided() throws Exception {
        String huge = "a".repeat(64 * 1024);
        Decision.Authenticated a = authenticated(decide("""
                principal = subject.cn
                role long when subject.cn matches "a*"
                role alice when subject.cn = "alice"
                """, TestCertificate.builder().subject(commonNames(huge))));
        assertEquals(huge, a.principal());
        assertEquals(Set.of("long"), a.roles());
    }

    @Test
    void aCommonNameOfTwentyEightThousandCharactersWritesABoundedAuditRecord() throws Exception {
        String huge = "a".repeat(28_000);
        Decision.Authenticated a = authenticated(decide("principal = subject.cn\nrole long when true\n",
                TestCertificate.builder().subject(commonNames(huge))));
        assertEquals(huge, a.principal(), "the decision keeps the whole name");
        AuditRecord record = audit.get(0);
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("a".repeat(AuditRecord.MAX_FIELD_CHARS) + "\u2026(sha256=" + digest + ")", record.principal());
        assertTrue(record.subject().startsWith("CN=aaa") && record.subject().contains("\u2026(sha256="), record.subject());
        assertTrue(record.toString().length() < 3 * (AuditRecord.MAX_FIELD_CHARS + 80) + 1024,
                "written length " + record.toString().length());
    }

    @Test
    void aSubjectOfFiveThousandRdnsIsDecided() throws Exception {
        String[] names = IntStream.range(0, 5_000).mapToObj(i -> "unit-" + i).toArray(String[]::new);
        Decision.Authenticated a = authenticated(decide("""
                principal = subject.cn
                role last when subject.cn = "unit-4999"
                role other when subject.cn = "unit-5000"
                """, TestCertificate.builder().subject(commonNames(names))));
        assertEquals("unit-4999", a.principal(), "the first value in RFC 4514 order: the last RDN of the DER");
        assertEquals(Set.of("last"), a.roles());
        assertEquals(5_000, a.clientIdentity().subject().attributes().size());
    }

    @Test
    void fiveThousandSubjectAltNamesAreAllReadAndDecided() throws Exception {
        String[] dns = IntStream.range(0, 5_000).mapToObj(i -> "host-" + i + ".example.org").toArray(String[]::new);
        Decision.Authenticated a = authenticated(decide("""
                principal = san.dns
                role last when san.dns = "host-4999.example.org"
                role other when san.dns = "host-5000.example.org"
                """, TestCertificate.builder().sanDns(dns)));
        assertEquals("host-0.example.org", a.principal());
        assertEquals(Set.of("last"), a.roles());
        assertEquals(5_000, a.clientIdentity().subjectAltNames().dns().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // SPIFFE IDs

    @Test
    void severalUriNamesWhereOneSpiffeIdIsExpectedGiveNoSpiffeId() throws Exception {
        String rules = "principal = spiffe-id\nrole w when spiffe-id.trust-domain = \"example.org\"\n";
        Decision.Denied two = denied(decide(rules,
                TestCertificate.builder().sanUri("spiffe://example.org/web", "spiffe://example.org/admin")));
        assertEquals(DenialReason.NO_PRINCIPAL, two.reason());
        assertEquals(List.of("spiffe-id: absent, the certificate has 2 URI names and an X.509-SVID must have exactly one"),
                two.identity().orElseThrow().problems());
        audit.clear();
        Decision.Denied mixed = denied(decide(rules,
                TestCertificate.builder().sanUri("https://example.org/", "spiffe://example.org/web")));
        assertEquals(DenialReason.NO_PRINCIPAL, mixed.reason());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "spiffe://Example.org/web",
            "spiffe://example.org/a/../admin",
            "spiffe://example.org/a/./b",
            "spiffe://example.org/a//b",
            "spiffe://example.org/web/",
            "spiffe://example.org/web?admin=true",
            "spiffe://example.org/web#admin",
            "spiffe://user@example.org/web",
            "spiffe://example.org:8443/web",
            "spiffe:///web",
            "spiffe://example.org/w%41b",
            "SPIFFE://example.org/web",
            "spiffe://example.org/w\u00e9b",
            "spiffe://exa mple.org/web"})
    void aMalformedSpiffeIdIsNoSpiffeId(String uri) throws Exception {
        Decision.Denied d = denied(decide("principal = spiffe-id\nrole w when true\n",
                TestCertificate.builder().sanUri(uri)));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertTrue(d.identity().orElseThrow().spiffeId().isEmpty());
    }

    @Test
    void aTrustDomainsOwnIdIsNoClientsSpiffeId() throws Exception {
        Decision.Denied d = denied(decide("principal = spiffe-id\nrole w when spiffe-id.trust-domain = \"prod.example.org\"\n",
                TestCertificate.builder().sanUri("spiffe://prod.example.org")));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals(List.of("spiffe-id: absent, 'spiffe://prod.example.org' has no path and a leaf X509-SVID needs one"),
                d.identity().orElseThrow().problems());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Serials and extensions

    @Test
    void negativeAndTwentyOneByteSerialsAreComparedAsNumbers() throws Exception {
        String rules = """
                role minus-one when serial = "-1"
                role ff when serial = "ff"
                role long when serial = "7f:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01"
                """;
        assertEquals(Set.of("minus-one"),
                authenticated(decide(rules, TestCertificate.builder().serial(BigInteger.ONE.negate()))).roles());
        assertEquals("-1", audit.get(0).serial());
        audit.clear();
        assertEquals(Set.of("ff"),
                authenticated(decide(rules, TestCertificate.builder().serial(BigInteger.valueOf(255)))).roles());
        audit.clear();
        BigInteger long21 = new BigInteger("7f" + "01".repeat(20), 16);
        assertEquals(21, long21.toByteArray().length);
        assertEquals(Set.of("long"), authenticated(decide(rules, TestCertificate.builder().serial(long21))).roles());
        audit.clear();
        assertEquals(Set.of(), authenticated(decide(rules, TestCertificate.builder().serial(long21.shiftRight(8))))
                .roles(), "the same serial without its last byte");
    }

    @Test
    void anUnknownCriticalExtensionIsLeftToTheTlsStack() throws Exception {
        TestCertificate cert = TestCertificate.builder().subject("CN=alice,O=Example")
                .extension("1.3.6.1.4.1.55555.1", true, DERNull.INSTANCE.getEncoded()).signedBy(ca).build();
        assertTrue(cert.certificate().getCriticalExtensionOIDs().contains("1.3.6.1.4.1.55555.1"));
        Decision.Authenticated a = authenticated(decide("principal = subject.cn\nrole a when subject.cn = \"alice\"\n", cert));
        assertEquals(Set.of("a"), a.roles(), "certgate reads names, not extensions it has no use for");
    }
}
