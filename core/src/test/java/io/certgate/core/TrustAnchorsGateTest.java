package io.certgate.core;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.config.Configuration;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trust.anchors}: every chain must validate (RFC 5280) to one of the rules' anchors by the gate's clock,
 * whatever the container's trust store accepted; the validated anchor feeds the {@code anchor*} attributes.
 */
class TrustAnchorsGateTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Executor INLINE = Runnable::run;

    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate alice;
    static TestCertificate otherRoot;
    static TestCertificate bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        Instant from = NOW.minus(Duration.ofDays(30));
        root = TestCertificate.builder().subject("CN=Anchor Root,O=Example").ca(1)
                .validity(from, NOW.plus(Duration.ofDays(3650))).build();
        issuing = TestCertificate.builder().subject("CN=Anchor Issuing CA,O=Example").ca(0).signedBy(root)
                .validity(from, NOW.plus(Duration.ofDays(100))).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(issuing)
                .validity(from, NOW.plus(Duration.ofDays(365))).build();
        otherRoot = TestCertificate.builder().subject("CN=Other Root,O=Elsewhere").ca(1)
                .validity(from, NOW.plus(Duration.ofDays(3650))).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Elsewhere").signedBy(otherRoot)
                .validity(from, NOW.plus(Duration.ofDays(365))).build();
    }

    CertGate gate(MutableClock clock, String extraRules) throws Exception {
        Files.writeString(dir.resolve("anchors.pem"), root.certificatePem());
        String rules = "trust.anchors = anchors.pem\nrevocation.mode = off\nprincipal = subject.cn\nrole user when true\n"
                + "role anchored when anchor.spki = \"" + spki(root) + "\" and anchor = \"CN=Anchor Root,O=Example\"\n"
                + "role issuer-pinned when issuer.spki = \"" + spki(issuing) + "\"\n" + extraRules;
        return Configuration.build(RuleSet.parse("anchors.rules", rules), dir, Map.of(), clock, RUNTIME, INLINE);
    }

    static String spki(TestCertificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(cert.certificate().getPublicKey().getEncoded()));
    }

    @Test
    void aChainToAnAnchorIsAuthenticatedWithTheAnchorAttributes() throws Exception {
        CertGate gate = gate(new MutableClock(NOW), "");
        for (X509Certificate[] sent : new X509Certificate[][] {
                {alice.certificate(), issuing.certificate()},
                {alice.certificate(), otherRoot.certificate(), issuing.certificate(), root.certificate()}}) {
            Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, gate.decide(sent));
            assertEquals(Set.of("user", "anchored", "issuer-pinned"), a.roles());
        }
    }

    @Test
    void aChainFromACaTheContainerTrustsButTheAnchorsDoNotIsUntrusted() throws Exception {
        CertGate gate = gate(new MutableClock(NOW), "");
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class,
                gate.decide(new X509Certificate[] {bob.certificate(), otherRoot.certificate()}));
        assertEquals(DenialReason.UNTRUSTED_CHAIN, denied.reason(), denied.message());
        assertTrue(denied.identity().orElseThrow().subject().toString().contains("bob"), denied.toString());
        // Without its intermediate, alice's chain does not reach the anchor either.
        Decision.Denied alone = assertInstanceOf(Decision.Denied.class,
                gate.decide(new X509Certificate[] {alice.certificate()}));
        assertEquals(DenialReason.UNTRUSTED_CHAIN, alone.reason(), alone.message());
    }

    @Test
    void anIntermediateExpiredByTheGateClockIsUntrusted() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        CertGate gate = gate(clock, "");
        X509Certificate[] sent = {alice.certificate(), issuing.certificate()};
        assertInstanceOf(Decision.Authenticated.class, gate.decide(sent));
        clock.advance(Duration.ofDays(101));
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(sent));
        assertEquals(DenialReason.UNTRUSTED_CHAIN, denied.reason(), denied.message());
        assertTrue(denied.message().contains("Anchor Issuing CA"), denied.message());
    }

    @Test
    void anAnchorsFileWithoutCertificatesIsAnErrorAtItsLine() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        RulesException e = assertThrows(RulesException.class, () -> Configuration.build(
                RuleSet.parse("anchors.rules", "role a when true\ntrust.anchors = empty.pem\n"), dir, Map.of(),
                new MutableClock(NOW), RUNTIME, INLINE));
        assertTrue(e.getMessage().contains("anchors.rules:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("trust.anchors"), e.getMessage());
    }
}
