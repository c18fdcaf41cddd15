package io.certgate.core.path;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.NetworkSources;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.revocation.StaticSources;
import io.certgate.core.revocation.UnknownCause;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import io.certgate.core.testing.TestCrlServer;
import io.certgate.core.testing.TestOcspResponder;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A revoked client presents, after its leaf, a look-alike of its issuing CA: the same subject and key
 * identifier, another key, issued by a root nobody trusts (a TLS stack ignores it when building its own path, so
 * the handshake succeeds). certgate must never take it as the issuer: not to validate the real responder's answer
 * (which says REVOKED), not to accept an OCSP response or a CRL the attacker signed with the look-alike's key, and
 * not to fetch from the URLs of certificates outside the verified path.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LookAlikeIssuerTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    private static final String SKI = "2.5.29.14";

    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate attackerRoot;
    static TestCertificate lookAlike;

    final List<AutoCloseable> servers = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void pki() throws Exception {
        root = TestCertificate.builder().subject("CN=Look Root,O=Example").ca(1).build();
        issuing = TestCertificate.builder().subject("CN=Look Issuing CA,O=Example").ca(0).signedBy(root).build();
        attackerRoot = TestCertificate.builder().subject("CN=Attacker Root,O=Elsewhere").ca(1).build();
        lookAlike = TestCertificate.builder().subject("CN=Look Issuing CA,O=Example").ca(0)
                .extension(SKI, false, subjectKeyId(issuing)).signedBy(attackerRoot).build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private <T extends AutoCloseable> T later(T server) {
        servers.add(server);
        return server;
    }

    static byte[] subjectKeyId(TestCertificate ca) {
        return ASN1OctetString.getInstance(ca.certificate().getExtensionValue(SKI)).getOctets();
    }

    private RevocationChecker checker(RevocationSettings.Mode mode, RevocationSettings.OnUnknown onUnknown,
                                      RevocationSettings.Scope scope, X509Certificate... configured) {
        RevocationSettings settings = RevocationSettings.builder().mode(mode).onUnknown(onUnknown).scope(scope)
                .timeout(Duration.ofSeconds(5)).build();
        return RevocationChecker.cached(settings, NetworkSources.over(new StaticSources(List.of(), List.of(),
                List.of(configured)), settings, clock, RUNTIME), clock, Runnable::run);
    }

    private CertGate gate(RevocationChecker checker) throws Exception {
        return CertGate.builder().rules(RuleSet.parse("gate.rules", "role user when true")).clock(clock)
                .revocation(checker).build();
    }

    private static X509Certificate[] sent(TestCertificate leaf, TestCertificate... others) {
        X509Certificate[] out = new X509Certificate[others.length + 1];
        out[0] = leaf.certificate();
        for (int i = 0; i < others.length; i++) {
            out[i + 1] = others[i].certificate();
        }
        return out;
    }

    /** Attack (a): under on-unknown = allow, the real responder's REVOKED must not become UNKNOWN. */
    @Test
    void lookAlikeDoesNotTurnRevokedIntoUnknownUnderAllow() throws Exception {
        TestOcspResponder real = later(TestOcspResponder.start(issuing, clock));
        TestCertificate mallory = TestCertificate.builder().subject("CN=mallory,O=Example")
                .ocspResponder(real.uri().toString()).signedBy(issuing).build();
        real.revoke(mallory.certificate(), clock.instant().minusSeconds(3600), "keyCompromise");
        CertGate gate = gate(checker(RevocationSettings.Mode.OCSP, RevocationSettings.OnUnknown.ALLOW,
                RevocationSettings.Scope.LEAF, issuing.certificate()));

        for (X509Certificate[] chain : List.of(sent(mallory, lookAlike), sent(mallory, lookAlike, attackerRoot),
                sent(mallory, lookAlike, issuing), sent(mallory, issuing, lookAlike))) {
            Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(chain));
            assertEquals(DenialReason.REVOKED, denied.reason(), denied.message());
        }
    }

    /** Attack (b), OCSP: the attacker answers the leaf's plain-HTTP responder URL with GOOD, signed by the look-alike. */
    @Test
    void responseSignedByTheLookAlikeKeyIsNeverGood() throws Exception {
        TestOcspResponder forged = later(TestOcspResponder.start(lookAlike, clock));
        TestCertificate mallory = TestCertificate.builder().subject("CN=mallory,O=Example")
                .ocspResponder(forged.uri().toString()).signedBy(issuing).build();
        forged.good(mallory.certificate());
        for (X509Certificate[] configured : List.of(new X509Certificate[0], new X509Certificate[] {issuing.certificate()})) {
            RevocationChecker checker = checker(RevocationSettings.Mode.OCSP, RevocationSettings.OnUnknown.DENY,
                    RevocationSettings.Scope.LEAF, configured);
            CertGate gate = gate(checker);
            for (int round = 0; round < 2; round++) {
                Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(sent(mallory, lookAlike)));
                assertEquals(DenialReason.REVOCATION_UNKNOWN, denied.reason(), denied.message());
                ChainStatus status = checker.check(checker.paths().build(sent(mallory, lookAlike)), clock.instant());
                assertEquals(RevocationStatus.Status.UNKNOWN, status.verdict(), status.certificates().toString());
            }
            assertEquals(0, goodEntries(checker, mallory), "no GOOD answer is cached");
        }
    }

    /** Attack (b), CRL: the distribution point serves an empty CRL signed by the look-alike's key. */
    @Test
    void crlSignedByTheLookAlikeKeyIsNeverGood() throws Exception {
        TestCrlServer crls = later(TestCrlServer.start());
        TestCertificate mallory = TestCertificate.builder().subject("CN=mallory,O=Example")
                .crlDistributionPoint(crls.uri("/issuing.crl").toString()).signedBy(issuing).build();
        crls.publish("/issuing.crl", TestCrl.builder(lookAlike).build().der());
        for (X509Certificate[] configured : List.of(new X509Certificate[0], new X509Certificate[] {issuing.certificate()})) {
            RevocationChecker checker = checker(RevocationSettings.Mode.CRL, RevocationSettings.OnUnknown.DENY,
                    RevocationSettings.Scope.LEAF, configured);
            CertGate gate = gate(checker);
            for (int round = 0; round < 2; round++) {
                Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(sent(mallory, lookAlike)));
                assertEquals(DenialReason.REVOCATION_UNKNOWN, denied.reason(), denied.message());
            }
            assertEquals(0, goodEntries(checker, mallory), "no GOOD answer is cached");
        }
    }

    /** Without any verified issuer, the status is UNKNOWN with cause NO_ISSUER, never anything better. */
    @Test
    void noVerifiedIssuerIsNoIssuer() {
        TestCertificate mallory = TestCertificate.builder().subject("CN=mallory,O=Example").signedBy(issuing).build();
        for (RevocationSettings.Scope scope : RevocationSettings.Scope.values()) {
            RevocationChecker checker = checker(RevocationSettings.Mode.CRL, RevocationSettings.OnUnknown.DENY, scope);
            ChainStatus status = checker.check(checker.paths().build(sent(mallory, lookAlike, attackerRoot)),
                    clock.instant());
            assertEquals(1, status.certificates().size(), status.certificates().toString());
            assertEquals(UnknownCause.NO_ISSUER, status.certificates().get(0).status().cause().orElseThrow());
        }
    }

    /** Attack 2: certificates appended to the chain but outside the verified path are never fetched from. */
    @Test
    void certificatesOutsideTheVerifiedPathAreNeverFetchedFrom() throws Exception {
        TestCrlServer crls = later(TestCrlServer.start());
        TestCrlServer watched = later(TestCrlServer.start());
        TestOcspResponder watchedOcsp = later(TestOcspResponder.start(attackerRoot, clock));
        TestCertificate localRoot = TestCertificate.builder().subject("CN=Fetch Root,O=Example").ca(1).build();
        TestCertificate localIssuing = TestCertificate.builder().subject("CN=Fetch Issuing CA,O=Example").ca(0)
                .crlDistributionPoint(crls.uri("/root.crl").toString()).signedBy(localRoot).build();
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,O=Example")
                .crlDistributionPoint(crls.uri("/issuing.crl").toString()).signedBy(localIssuing).build();
        crls.publish("/root.crl", TestCrl.builder(localRoot).build().der());
        crls.publish("/issuing.crl", TestCrl.builder(localIssuing).build().der());
        String hook = watched.uri("/hook").toString();
        TestCertificate appended = TestCertificate.builder().subject("CN=Fetch Issuing CA,O=Example").ca(0)
                .ocspResponder(watchedOcsp.uri().toString()).crlDistributionPoint(hook).signedBy(attackerRoot).build();
        TestCertificate unrelated = TestCertificate.builder().subject("CN=Unrelated CA,O=Elsewhere").ca(0)
                .ocspResponder(watchedOcsp.uri().toString()).crlDistributionPoint(hook).signedBy(attackerRoot).build();

        RevocationChecker checker = checker(RevocationSettings.Mode.OCSP_THEN_CRL, RevocationSettings.OnUnknown.DENY,
                RevocationSettings.Scope.CHAIN);
        CertGate gate = gate(checker);
        Decision decision = gate.decide(sent(alice, appended, localIssuing, unrelated, localRoot));
        assertInstanceOf(Decision.Authenticated.class, decision, decision.toString());
        Decision leafOnly = gate.decide(sent(alice, appended, unrelated));
        assertInstanceOf(Decision.Denied.class, leafOnly, leafOnly.toString());

        assertEquals(0, watched.requests("/hook"));
        assertEquals(0, watchedOcsp.requests());
        assertNotEquals(0, crls.requests("/issuing.crl"));
    }

    /** The number of cached answers for the leaf that say GOOD: the leaf checked again from the cache. */
    private long goodEntries(RevocationChecker checker, TestCertificate leaf) {
        ChainStatus again = checker.check(checker.paths().build(sent(leaf, lookAlike)), clock.instant());
        return again.certificates().stream().filter(c -> c.status().status() == RevocationStatus.Status.GOOD).count();
    }
}
