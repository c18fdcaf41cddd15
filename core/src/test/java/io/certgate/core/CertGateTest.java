package io.certgate.core;

import io.certgate.core.audit.AuditRecord;
import io.certgate.core.revocation.RevocationStatistics;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decisions and their audit records through the front door. */
class CertGateTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static TestCertificate ca;
    static TestCertificate alice;

    final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650))).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").sanEmail("alice@example.org").signedBy(ca)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))).build();
    }

    CertGate gate(String rules) throws Exception {
        return CertGate.builder().rules(RuleSet.parse("gate.rules", rules))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).auditListener(audit::add).build();
    }

    @Test
    void authenticatedWithRolesAndOneAuditRecord() throws Exception {
        Decision d = gate("principal = san.email\nrole admin when issuer = \"CN=Example Issuing CA,O=Example\"\nrole x when false")
                .decide(alice.chainArray());
        Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, d);
        assertEquals("alice@example.org", a.principal());
        assertEquals(Set.of("admin"), a.roles());
        assertEquals(List.of(2), a.matchedLines());
        assertEquals(1, audit.size());
        AuditRecord r = audit.get(0);
        assertEquals(new AuditRecord(NOW, "authenticated", null, "rules matched", "alice@example.org", List.of("admin"),
                List.of(2), "gate.rules", "CN=alice,O=Example", "CN=Example Issuing CA,O=Example",
                alice.certificate().getSerialNumber().toString(16), a.clientIdentity().fingerprintHex(), null), r);
    }

    @Test
    void noMatchingRuleIsAuthenticatedWithoutRoles() throws Exception {
        Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class,
                gate("role admin when subject.cn = \"bob\"").decide(alice.chainArray()));
        assertTrue(a.roles().isEmpty());
        assertEquals("CN=alice,O=Example", a.principal());
        assertEquals("no rule matched", audit.get(0).message());
    }

    @Test
    void anAdapterRefusalIsAuditedWithItsReasonAndTheCertificatesNames() throws Exception {
        CertGate gate = gate("role admin when subject.cn = \"alice\"");
        Decision.Denied d = assertInstanceOf(Decision.Denied.class, gate.refuse(alice.chainArray(),
                DenialReason.FORWARDED_CERTIFICATE, "came through a header"));
        assertEquals(DenialReason.FORWARDED_CERTIFICATE, d.reason());
        assertEquals("CN=alice,O=Example", d.identity().orElseThrow().subject().toString());
        AuditRecord r = audit.get(0);
        assertEquals("denied", r.outcome());
        assertEquals("FORWARDED_CERTIFICATE", r.reason());
        assertEquals("came through a header", r.message());
        assertEquals("CN=alice,O=Example", r.subject());
        assertEquals(List.of(), r.roles(), "the rules are not applied to a refused chain");
        assertNull(assertInstanceOf(Decision.Denied.class, gate.refuse(null, DenialReason.FORWARDED_CERTIFICATE, "x"))
                .clientIdentity());
        assertEquals(2, audit.size());
    }

    @Test
    void missingCertificateIsDenied() throws Exception {
        CertGate gate = gate("role a when true");
        for (X509Certificate[] chain : new X509Certificate[][] {null, {}, {null}}) {
            Decision.Denied d = assertInstanceOf(Decision.Denied.class, gate.decide(chain));
            assertEquals(DenialReason.NO_CERTIFICATE, d.reason());
            assertTrue(d.identity().isEmpty());
        }
        assertEquals(3, audit.size());
        assertEquals("denied", audit.get(0).outcome());
        assertEquals("NO_CERTIFICATE", audit.get(0).reason());
        assertNull(audit.get(0).subject());
    }

    @Test
    void certificateWithoutAnyPrincipalAttributeIsDenied() throws Exception {
        Decision.Denied d = assertInstanceOf(Decision.Denied.class,
                gate("principal = spiffe-id, san.upn\nrole a when true").decide(alice.chainArray()));
        assertEquals(DenialReason.NO_PRINCIPAL, d.reason());
        assertEquals("the certificate has none of the principal attributes [spiffe-id, san.upn]", d.message());
        assertEquals("CN=alice,O=Example", audit.get(0).subject());
    }

    @Test
    void aBrokenCertificateImplementationIsDeniedNotThrown() throws Exception {
        X509Certificate broken = org.mockito.Mockito.mock(X509Certificate.class);
        org.mockito.Mockito.when(broken.getEncoded()).thenThrow(new IllegalStateException("boom"));
        Decision.Denied d = assertInstanceOf(Decision.Denied.class, gate("role a when true").decide(new X509Certificate[] {broken}));
        assertEquals(DenialReason.INTERNAL_ERROR, d.reason());
        assertEquals("denied", audit.get(0).outcome());
    }

    @Test
    void auditLinesCannotBeForgedByCertificateFields() throws Exception {
        byte[] subject = new DERSequence(new DERSet(new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier("2.5.4.10"), new DERUTF8String("x\" outcome=authenticated principal=\"root")}))).getEncoded();
        TestCertificate hostile = TestCertificate.builder().subject(subject).signedBy(ca)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))).build();
        gate("role a when true").decide(hostile.chainArray());
        String line = audit.get(0).toString();
        assertTrue(line.startsWith("outcome=authenticated principal=\"O=x\\\\\\\" outcome=authenticated principal=\\\\\\\"root\""), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void auditLinesShowInvisibleCharactersAsEscapes() throws Exception {
        byte[] subject = new DERSequence(new DERSet(new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier("2.5.4.10"), new DERUTF8String("admin\u202Egnp.exe\u200B")}))).getEncoded();
        TestCertificate hostile = TestCertificate.builder().subject(subject).signedBy(ca)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))).build();
        gate("principal = subject.o\nrole a when true").decide(hostile.chainArray());
        String line = audit.get(0).toString();
        assertTrue(line.startsWith("outcome=authenticated principal=\"admin\\u202egnp.exe\\u200b\""), line);
    }

    @Test
    void builderRequiresRules() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertGate.builder().build());
        assertEquals("rules are required: call rules(RuleSet) before build()", e.getMessage());
    }

    @Test
    void countsDecisionsByOutcomeAndReasonAndHasNoRevocationStatisticsWithoutRevocation() throws Exception {
        CertGate gate = gate("principal = san.dns\nrole a when true");
        gate.decide(null);
        gate.decide(alice.chainArray());
        CertGate next = CertGate.builder().rules(RuleSet.parse("next.rules", "role a when true"))
                .continueStatisticsOf(gate).build();
        next.decide(alice.chainArray());
        DecisionStatistics s = next.statistics();
        assertEquals(s, gate.statistics(), "one set of counters for both");
        assertEquals(1, s.authenticated());
        assertEquals(1, s.denied(DenialReason.NO_CERTIFICATE));
        assertEquals(1, s.denied(DenialReason.NO_PRINCIPAL));
        assertEquals(List.of(DenialReason.values()), List.copyOf(s.denials().keySet()));
        assertEquals(3, s.total());
        assertTrue(gate.revocation().isEmpty());
        assertEquals(RevocationStatistics.none(), gate.revocationStatistics());
        assertEquals(DecisionStatistics.none(), gate("role a when true").statistics());
    }

    @Test
    void theLeafIsValidFromNotBeforeToNotAfterInclusiveByTheGatesClockOnEveryDecision() throws Exception {
        Instant from = NOW.minus(Duration.ofHours(1));
        Instant until = NOW.plus(Duration.ofHours(1));
        TestCertificate bob = TestCertificate.builder().subject("CN=bob,O=Example").signedBy(ca).validity(from, until).build();
        MutableClock clock = new MutableClock(from.minusSeconds(1));
        CertGate gate = CertGate.builder().rules(RuleSet.parse("gate.rules", "principal = subject.cn\nrole user when true"))
                .clock(clock).auditListener(audit::add).build();
        X509Certificate[] chain = {bob.certificate(), ca.certificate()};

        Decision early = gate.decide(chain);
        assertEquals(DenialReason.CERTIFICATE_NOT_YET_VALID, assertInstanceOf(Decision.Denied.class, early).reason());
        assertEquals("the certificate is valid from " + from + " (now " + from.minusSeconds(1) + ")",
                ((Decision.Denied) early).message());
        clock.set(from);
        assertEquals(Set.of("user"), assertInstanceOf(Decision.Authenticated.class, gate.decide(chain)).roles());
        clock.set(until);
        assertInstanceOf(Decision.Authenticated.class, gate.decide(chain));
        // the evaluation is cached per certificate; the dates are checked again on every decision
        clock.set(until.plusSeconds(1));
        Decision late = gate.decide(chain);
        assertEquals(DenialReason.CERTIFICATE_EXPIRED, assertInstanceOf(Decision.Denied.class, late).reason());
        assertEquals("the certificate expired at " + until + " (now " + until.plusSeconds(1) + ")",
                ((Decision.Denied) late).message());
        assertEquals(List.of("denied", "authenticated", "authenticated", "denied"),
                audit.stream().map(AuditRecord::outcome).toList());
        assertEquals(2, gate.statistics().denied());
    }
}
