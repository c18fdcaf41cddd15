package io.certgate.core;

import io.certgate.core.rules.Evaluation;
import io.certgate.core.rules.PrincipalRefusal;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Two certificates get the same principal only from the same {@code principal} attribute: a value of a later
 * attribute that has the form of an earlier attribute's value is refused ({@code AMBIGUOUS_PRINCIPAL}), an unreadable
 * value of an earlier attribute does not hand over to a later one, and an empty value names no one.
 */
class PrincipalCollisionTest {
    private static final String LIST = "principal = spiffe-id, san.email, subject.cn\nrole user when true\n";
    static TestCertificate ca;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
    }

    static Decision decide(String rules, TestCertificate.Builder cert) throws Exception {
        return CertGate.builder().rules(RuleSet.parse("p.rules", rules)).build().decide(cert.signedBy(ca).build().chainArray());
    }

    static String principal(Decision d) {
        return assertInstanceOf(Decision.Authenticated.class, d, d.toString()).principal();
    }

    static Decision.Denied denied(Decision d) {
        return assertInstanceOf(Decision.Denied.class, d, d.toString());
    }

    /** A Name of one RDN per value, each of type {@code oid} in a UTF8String. */
    static byte[] name(String oid, String... values) throws Exception {
        ASN1Encodable[] rdns = new ASN1Encodable[values.length];
        for (int i = 0; i < values.length; i++) {
            rdns[i] = new DERSet(new DERSequence(new ASN1Encodable[] {
                    new ASN1ObjectIdentifier(oid), new DERUTF8String(values[i])}));
        }
        return new DERSequence(rdns).getEncoded();
    }

    @Test
    void aCommonNameSpellingAnotherClientsSpiffeIdIsRefused() throws Exception {
        assertEquals("spiffe://example.org/payments",
                principal(decide(LIST, TestCertificate.builder().subject("CN=web").sanUri("spiffe://example.org/payments"))));
        Decision.Denied d = denied(decide(LIST, TestCertificate.builder().subject(name("2.5.4.3", "spiffe://example.org/payments"))));
        assertEquals(DenialReason.AMBIGUOUS_PRINCIPAL, d.reason());
        assertEquals("the principal from subject.cn has the form of a spiffe-id value, which comes first in the principal "
                + "list, so another client could have the same name", d.message());
    }

    @Test
    void aCommonNameSpellingAnotherClientsEmailIsRefused() throws Exception {
        assertEquals("alice@example.org", principal(decide(LIST, TestCertificate.builder().subject("CN=alice")
                .sanEmail("alice@example.org"))));
        Decision.Denied d = denied(decide(LIST, TestCertificate.builder().subject(name("2.5.4.3", "alice@example.org"))));
        assertEquals(DenialReason.AMBIGUOUS_PRINCIPAL, d.reason());
        assertEquals("the principal from subject.cn has the form of a san.email value, which comes first in the principal "
                + "list, so another client could have the same name", d.message());
    }

    @Test
    void aUserPrincipalNameSpellingAnEmailIsRefused() throws Exception {
        Decision.Denied d = denied(decide("principal = san.email, san.upn\nrole user when true",
                TestCertificate.builder().subject("CN=bob").sanUpn("bob@example.org")));
        assertEquals(DenialReason.AMBIGUOUS_PRINCIPAL, d.reason());
    }

    @Test
    void aCommonNameThatCannotBeAnEarlierValueIsThePrincipal() throws Exception {
        assertEquals("Alice Smith", principal(decide(LIST, TestCertificate.builder().subject("CN=Alice Smith"))));
        assertEquals("alice", principal(decide(LIST, TestCertificate.builder().subject("CN=alice"))));
    }

    /**
     * Whatever attribute names one client, a second client whose organization name is that very text is refused when
     * the organization would name it: every kind of attribute recognizes its own values.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spiffe-id", "spiffe-id.trust-domain", "spiffe-id.path", "san.dns", "san.email", "san.uri",
            "san.upn", "san.ip", "san.rid", "san.dirname", "san.other.1.3.6.1.4.1.99999.1", "eku", "policy",
            "subject.cn", "issuer", "serial", "fingerprint", "spki"})
    void noLaterAttributeCanRepeatTheValueOfAnEarlierOne(String first) throws Exception {
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,O=Example").sanUri("spiffe://example.org/alice")
                .sanDns("alice.example.org").sanEmail("alice@example.org").sanUpn("alice@corp.example.org")
                .sanIp("192.0.2.7").sanRegisteredId("1.3.6.1.4.1.99999.7").sanDirectoryName("CN=alice,O=Directory")
                .sanOtherName("1.3.6.1.4.1.99999.1", new DERUTF8String("alice-id"))
                .clientAuth().policies("2.23.140.1.2.1").signedBy(ca).build();
        String rules = "principal = " + first + ", subject.o\nrole user when true";
        CertGate gate = CertGate.builder().rules(RuleSet.parse("p.rules", rules)).build();
        String taken = principal(gate.decide(alice.chainArray()));
        TestCertificate mallory = TestCertificate.builder().subject(name("2.5.4.10", taken)).signedBy(ca).build();
        ClientIdentity malloryId = ClientIdentity.of(mallory.certificate());
        if (RuleSet.parse("p.rules", "principal = " + first).evaluate(malloryId).principal().isPresent()) {
            return; // always present (issuer, serial, …): the organization is never reached, so no name is handed over
        }
        Decision.Denied d = denied(gate.decide(mallory.chainArray()));
        assertEquals(DenialReason.AMBIGUOUS_PRINCIPAL, d.reason(), "O=" + taken);
    }

    @Test
    void anUnreadableValueOfAnEarlierAttributeDoesNotHandOverToALaterOne() throws Exception {
        Decision.Denied d = denied(decide(LIST, TestCertificate.builder().subject("CN=alice")
                .sanRaw(new GeneralName(GeneralName.rfc822Name, "mallory@evil.org@example.com"))));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals("the principal attribute san.email has only values certgate could not read; a later attribute "
                + "does not name the client in its place", d.message());
        Decision.Denied spiffe = denied(decide(LIST, TestCertificate.builder().subject("CN=alice")
                .sanUri("spiffe://Example.org/web")));
        assertEquals(DenialReason.NO_PRINCIPAL, spiffe.reason());
        assertEquals("the principal attribute spiffe-id has only values certgate could not read; a later attribute "
                + "does not name the client in its place", spiffe.message());
        Decision.Denied last = denied(decide("principal = san.email\nrole user when true", TestCertificate.builder()
                .subject("CN=alice").sanRaw(new GeneralName(GeneralName.rfc822Name, "mallory@evil.org@example.com"))));
        assertEquals(DenialReason.NO_PRINCIPAL, last.reason());
        assertEquals("the principal attribute san.email has only values certgate could not read", last.message());
    }

    @Test
    void anEmptyValueIsNeverAPrincipal() throws Exception {
        Decision.Denied d = denied(decide("principal = subject.cn\nrole user when true",
                TestCertificate.builder().subject(name("2.5.4.3", ""))));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals("the certificate has none of the principal attributes [subject.cn]", d.message());
        assertEquals("bob", principal(decide("principal = subject.cn\nrole user when true",
                TestCertificate.builder().subject(name("2.5.4.3", "", "bob")))));
    }

    @Test
    void explainSaysWhyThereIsNoPrincipal() throws Exception {
        ClientIdentity id = ClientIdentity.of(TestCertificate.builder().subject(name("2.5.4.3", "spiffe://example.org/x"))
                .signedBy(ca).build().certificate());
        Evaluation e = RuleSet.parse("p.rules", LIST).explain(id);
        assertEquals(PrincipalRefusal.Cause.AMBIGUOUS, e.principalRefusal().orElseThrow().cause());
        assertEquals(Set.of("user"), e.roles());
        assertEquals(false, e.principal().isPresent());
    }
}
