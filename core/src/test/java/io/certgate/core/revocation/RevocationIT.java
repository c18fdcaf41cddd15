package io.certgate.core.revocation;

import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.config.Configuration;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.OpensslOcspResponder;
import io.certgate.core.testing.Prerequisites;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import io.certgate.core.testing.TestCrlServer;
import io.certgate.core.testing.TestOcspResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation checking over real HTTP: against {@code openssl ocsp}, a programmable responder that misbehaves on
 * purpose, and CRLs served from distribution points; then the cache, with a hand-moved clock and a refresh
 * executor run by hand. Every server listens on a port the system chose, and every PKI is made here; only the
 * openssl tests need anything installed, and they are skipped when openssl is not on the PATH.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RevocationIT {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    /**
     * A revocation timeout that a held request must outlast however loaded the machine: the test ends the hold
     * itself, long before, and the class's timeout (longer still) guards against a hang.
     */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);

    static TestCertificate ca;

    final List<AutoCloseable> servers = new ArrayList<>();
    final Queue<Runnable> background = new ConcurrentLinkedQueue<>();
    final Executor queued = background::add;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=certgate IT Issuing CA,O=certgate tests").ca(0).build();
    }

    @AfterEach
    void closeServers() throws Exception {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    <T extends AutoCloseable> T closeLater(T server) {
        servers.add(server);
        return server;
    }

    static TestCertificate leaf(String name, URI ocsp, URI crl) {
        TestCertificate.Builder b = TestCertificate.builder().subject("CN=" + name + ",O=certgate tests").clientAuth()
                .signedBy(ca);
        if (ocsp != null) {
            b.ocspResponder(ocsp.toString());
        }
        if (crl != null) {
            b.crlDistributionPoint(crl.toString());
        }
        return b.build();
    }

    /** Settings whose timeout a local server's answer never reaches; tests of deadlines set their own short one. */
    static RevocationSettings.Builder settings(RevocationSettings.Mode mode) {
        return RevocationSettings.builder().mode(mode).timeout(HANG_GUARD);
    }

    static RevocationChecker uncached(RevocationSettings settings) {
        return new RevocationChecker(settings, NetworkSources.over(StaticSources.none(), settings, Clock.systemUTC(), RUNTIME));
    }

    RevocationChecker cached(RevocationSettings settings, Clock clock) {
        return RevocationChecker.cached(settings, NetworkSources.over(StaticSources.none(), settings, Clock.systemUTC(), RUNTIME), clock, queued);
    }

    /** The leaf's status as a TLS stack's chain (leaf, CA) yields it; scope leaf checks exactly one certificate. */
    static RevocationStatus status(RevocationChecker checker, TestCertificate leaf, Instant now) {
        ChainStatus chain = checker.check(checker.paths().build(leaf.chainArray()), now);
        assertEquals(1, chain.certificates().size(), chain.certificates().toString());
        CertificateStatus only = chain.certificates().get(0);
        assertEquals(leaf.certificate(), only.certificate());
        return only.status();
    }

    static void assertUnknown(UnknownCause cause, RevocationStatus.Source source, RevocationStatus status) {
        assertEquals(RevocationStatus.Status.UNKNOWN, status.status(), status.toString());
        assertEquals(cause, status.cause().orElseThrow(), status.toString());
        assertEquals(source, status.source(), status.toString());
    }

    static Instant now() {
        return Instant.now();
    }

    static Instant wholeSecondsAgo(Duration d) {
        return Instant.now().minus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------------------------------------------------
    // A real OCSP responder: openssl ocsp

    OpensslOcspResponder openssl(OpensslOcspResponder.Builder builder) {
        Prerequisites.require(OpensslOcspResponder.available(), "openssl on the PATH");
        return closeLater(builder.start());
    }

    @Test
    void opensslGoodCertificateIsGood() {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca).nextUpdate(Duration.ofMinutes(10)));
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        Instant before = now().truncatedTo(ChronoUnit.SECONDS);

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.OCSP).build()), alice, now());

        assertEquals(RevocationStatus.Status.GOOD, s.status(), s + "\n" + ocsp.recentOutput());
        assertEquals(RevocationStatus.Source.OCSP, s.source());
        Instant thisUpdate = s.thisUpdate().orElseThrow();
        assertTrue(!thisUpdate.isBefore(before) && !thisUpdate.isAfter(now()), "thisUpdate " + thisUpdate);
        assertEquals(thisUpdate.plus(Duration.ofMinutes(10)), s.nextUpdate().orElseThrow(), "-nmin 10");
        assertTrue(s.detail().contains("signed by the issuer"), s.detail());
    }

    @Test
    void opensslRevokedCertificateIsRevokedWithReasonAndTime() {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca));
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        Instant revokedAt = wholeSecondsAgo(Duration.ofMinutes(42));
        ocsp.revoke(mallory.certificate(), revokedAt, "keyCompromise");

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.OCSP).build()), mallory, now());

        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s + "\n" + ocsp.recentOutput());
        assertEquals(RevocationStatus.Source.OCSP, s.source());
        assertEquals("keyCompromise", s.reason().orElseThrow());
        assertEquals(revokedAt, s.revocationTime().orElseThrow());
    }

    @Test
    void opensslUnknownSerialIsResponderUnknown() {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca));
        TestCertificate stranger = leaf("stranger", ocsp.uri(), null);
        ocsp.good(leaf("someone else", ocsp.uri(), null).certificate());

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.OCSP).build()), stranger, now());

        assertUnknown(UnknownCause.RESPONDER_UNKNOWN, RevocationStatus.Source.OCSP, s);
    }

    @Test
    void opensslDelegatedResponderIdentifiedByKeyHashIsAccepted() {
        TestCertificate delegated = TestCertificate.builder().subject("CN=certgate IT OCSP,O=certgate tests")
                .extendedKeyUsage(TestOcspResponder.OCSP_SIGNING).signedBy(ca).build();
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca).signer(delegated).keyHashResponderId());
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        ocsp.revoke(mallory.certificate(), wholeSecondsAgo(Duration.ofMinutes(1)), "cACompromise");
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP).build());

        RevocationStatus good = status(checker, alice, now());
        RevocationStatus revoked = status(checker, mallory, now());

        assertEquals(RevocationStatus.Status.GOOD, good.status(), good + "\n" + ocsp.recentOutput());
        assertTrue(good.detail().contains("delegated responder CN=certgate IT OCSP"), good.detail());
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());
        assertEquals("cACompromise", revoked.reason().orElseThrow());
    }

    @ParameterizedTest(name = "GET {0}, CertID {1}, nonce {2}")
    @CsvSource({
        "false, SHA1,   false",
        "true,  SHA1,   false",
        "false, SHA256, false",
        "true,  SHA256, false",
        "false, SHA1,   true",
        "true,  SHA256, true",
    })
    void opensslAnswersEveryRequestFormCertgateSends(boolean get, RevocationSettings.CertIdHash hash, boolean nonce) {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca));
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        ocsp.revoke(mallory.certificate(), wholeSecondsAgo(Duration.ofHours(2)), "superseded");
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP)
                .ocspGet(get).ocspHash(hash).ocspNonce(nonce).build());

        RevocationStatus good = status(checker, alice, now());
        RevocationStatus revoked = status(checker, mallory, now());

        assertEquals(RevocationStatus.Status.GOOD, good.status(), good + "\n" + ocsp.recentOutput());
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked + "\n" + ocsp.recentOutput());
        assertEquals("superseded", revoked.reason().orElseThrow());
        String log = ocsp.recentOutput();
        if (log.contains("1st line: ")) { // OpenSSL 3.0 logs each request line; later versions may not
            assertTrue(log.contains("1st line: " + (get ? "GET /" : "POST /")), log);
        }
    }

    @Test
    void opensslChainScopeChecksTheIntermediateAgainstItsOwnResponder() {
        TestCertificate root = TestCertificate.builder().subject("CN=certgate IT Root CA,O=certgate tests").ca(1).build();
        OpensslOcspResponder rootOcsp = openssl(OpensslOcspResponder.builder(root));
        TestCertificate intermediate = TestCertificate.builder().subject("CN=certgate IT Intermediate,O=certgate tests")
                .ca(0).ocspResponder(rootOcsp.uri().toString()).signedBy(root).build();
        OpensslOcspResponder intermediateOcsp = openssl(OpensslOcspResponder.builder(intermediate));
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,O=certgate tests")
                .ocspResponder(intermediateOcsp.uri().toString()).signedBy(intermediate).build();
        intermediateOcsp.good(alice.certificate());
        rootOcsp.good(intermediate.certificate());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP)
                .scope(RevocationSettings.Scope.CHAIN).build());

        ChainStatus before = checker.check(checker.paths().build(alice.chainArray()), now());
        rootOcsp.revoke(intermediate.certificate(), wholeSecondsAgo(Duration.ofMinutes(1)), "cACompromise");
        ChainStatus after = checker.check(checker.paths().build(alice.chainArray()), now());

        assertEquals(RevocationStatus.Status.GOOD, before.verdict(), before.certificates().toString());
        assertEquals(List.of(intermediate.certificate(), alice.certificate()),
                before.certificates().stream().map(CertificateStatus::certificate).toList());
        assertEquals(RevocationStatus.Status.REVOKED, after.verdict(), after.certificates().toString());
        CertificateStatus decisive = after.decisive().orElseThrow();
        assertEquals(1, decisive.index());
        assertEquals(intermediate.certificate(), decisive.certificate());
        assertEquals("cACompromise", decisive.status().reason().orElseThrow());
        assertEquals(RevocationStatus.Status.GOOD, after.certificates().get(1).status().status());
    }

    @Test
    void opensslRevocationIsSeenOnceTheCachedAnswerHasExpired() {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca).nextUpdate(Duration.ofMinutes(10)));
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        MutableClock clock = new MutableClock(now().truncatedTo(ChronoUnit.SECONDS));
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).build(), clock);
        RevocationStatus first = status(checker, alice, clock.instant());
        assertEquals(RevocationStatus.Status.GOOD, first.status(), first + "\n" + ocsp.recentOutput());
        URI before = ocsp.uri();

        Instant revokedAt = wholeSecondsAgo(Duration.ZERO);
        ocsp.revoke(alice.certificate(), revokedAt, "keyCompromise");
        assertEquals(before, ocsp.uri(), "restarted on the same port");
        assertSame(first, status(checker, alice, clock.instant()), "cached until nextUpdate");

        clock.advance(Duration.ofMinutes(10).plusSeconds(2));
        RevocationStatus after = status(checker, alice, clock.instant());

        assertEquals(RevocationStatus.Status.REVOKED, after.status(), after + "\n" + ocsp.recentOutput());
        assertEquals(revokedAt, after.revocationTime().orElseThrow());
        assertEquals(2, checker.statistics().misses());
        assertEquals(1, checker.statistics().hits());
        assertTrue(background.isEmpty(), "no refresh was due");
    }

    @Test
    void opensslRevokedClientIsDeniedThroughTheFrontDoor(@TempDir Path base) throws Exception {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca));
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        Instant revokedAt = wholeSecondsAgo(Duration.ofDays(1));
        ocsp.revoke(mallory.certificate(), revokedAt, "keyCompromise");
        CertGate gate = Configuration.build(
                RuleSet.parse("it.rules", "revocation.mode = ocsp\nrole staff when subject.o = \"certgate tests\"\n"),
                base, Map.of("revocation.timeout", "60s"), Clock.systemUTC(), RUNTIME, queued);

        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(mallory.chainArray()));
        Decision.Authenticated allowed = assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));

        assertEquals(DenialReason.REVOKED, denied.reason());
        assertTrue(denied.message().startsWith("REVOKED at " + revokedAt + " (keyCompromise) by OCSP: "), denied.message());
        assertTrue(denied.message().contains("serial " + mallory.certificate().getSerialNumber().toString(16)),
                denied.message());
        assertEquals("CN=alice,O=certgate tests", allowed.principal());
        assertEquals(Set.of("staff"), allowed.roles());
        assertEquals(RevocationStatus.Status.GOOD, allowed.revocationStatus().orElseThrow().verdict());
    }

    @Test
    void opensslRevokedLeafSentAloneIsDeniedWithTheConfiguredIssuers(@TempDir Path base) throws Exception {
        OpensslOcspResponder ocsp = openssl(OpensslOcspResponder.builder(ca));
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.revoke(mallory.certificate(), wholeSecondsAgo(Duration.ofHours(3)), "keyCompromise");
        Files.writeString(base.resolve("issuers.pem"), ca.certificatePem());
        String rules = "revocation.mode = ocsp\nrole staff when true\n";
        CertGate without = Configuration.build(RuleSet.parse("it.rules", rules), base, Map.of(), Clock.systemUTC(), RUNTIME, queued);
        CertGate with = Configuration.build(RuleSet.parse("it.rules", "revocation.issuers = issuers.pem\n" + rules), base,
                Map.of(), Clock.systemUTC(), RUNTIME, queued);
        X509Certificate[] leafOnly = {mallory.certificate()};

        Decision.Denied noIssuer = assertInstanceOf(Decision.Denied.class, without.decide(leafOnly));
        Decision.Denied revoked = assertInstanceOf(Decision.Denied.class, with.decide(leafOnly));

        assertEquals(DenialReason.REVOCATION_UNKNOWN, noIssuer.reason());
        assertTrue(noIssuer.message().startsWith("UNKNOWN (NO_ISSUER): "), noIssuer.message());
        assertEquals(DenialReason.REVOKED, revoked.reason(), revoked.message());
    }

    // ---------------------------------------------------------------------------------------------------------
    // A responder that misbehaves on purpose

    TestOcspResponder responder(Clock clock) {
        return closeLater(TestOcspResponder.start(ca, clock));
    }

    static RevocationStatus ocspOnly(TestCertificate leaf) {
        return status(uncached(settings(RevocationSettings.Mode.OCSP).build()), leaf, now());
    }

    @Test
    void responderDownIsUnreachable() {
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        ocsp.close();

        RevocationStatus s = ocspOnly(alice);

        assertUnknown(UnknownCause.UNREACHABLE, RevocationStatus.Source.OCSP, s);
    }

    @Test
    void hangingResponderEndsAtTheDeadline() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.HANG);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP).timeout(Duration.ofMillis(500)).build());

        // The responder never answers: only the deadline can end the check (the class's timeout guards a hang).
        RevocationStatus s = status(checker, alice, now());

        assertUnknown(UnknownCause.TIMEOUT, RevocationStatus.Source.OCSP, s);
        assertEquals(1, ocsp.requests());
    }

    @Test
    void garbageIsMalformed() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.GARBAGE);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        assertUnknown(UnknownCause.MALFORMED, RevocationStatus.Source.OCSP, ocspOnly(alice));
    }

    @Test
    void responseSignedWithAnUnrelatedKeyHasABadSignature() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).signer(TestOcspResponder.Signer.UNRELATED_KEY);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        assertUnknown(UnknownCause.BAD_SIGNATURE, RevocationStatus.Source.OCSP, ocspOnly(alice));
    }

    @Test
    void staleResponseIsStaleUnlessItProvesAPermanentRevocation() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.STALE);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        TestCertificate held = leaf("held", ocsp.uri(), null);
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        ocsp.revoke(held.certificate(), wholeSecondsAgo(Duration.ofMinutes(30)), "certificateHold");
        ocsp.revoke(mallory.certificate(), wholeSecondsAgo(Duration.ofMinutes(30)), "keyCompromise");

        RevocationStatus revoked = ocspOnly(mallory);

        assertUnknown(UnknownCause.STALE, RevocationStatus.Source.OCSP, ocspOnly(alice));
        assertUnknown(UnknownCause.STALE, RevocationStatus.Source.OCSP, ocspOnly(held));
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());
        assertTrue(revoked.detail().contains("kept although") && revoked.detail().contains("nextUpdate"),
                revoked.detail());
    }

    @Test
    void http500IsAnHttpError() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.HTTP_500);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        RevocationStatus s = ocspOnly(alice);

        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.OCSP, s);
        assertTrue(s.detail().contains("answered HTTP 500"), s.detail());
    }

    @Test
    void aResponderThatDripsOneByteAtATimeEndsAtTheDeadline() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.DRIP);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP).timeout(Duration.ofMillis(500)).build());

        RevocationStatus s = status(checker, alice, now());

        // The whole answer would arrive, and be GOOD, after (its length) x DRIP_INTERVAL: a TIMEOUT shows that bytes
        // arriving did not extend the deadline.
        assertUnknown(UnknownCause.TIMEOUT, RevocationStatus.Source.OCSP, s);
    }

    @Test
    void anOversizedResponseIsTooLarge() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.OVERSIZED);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        RevocationStatus s = ocspOnly(alice);

        assertUnknown(UnknownCause.TOO_LARGE, RevocationStatus.Source.OCSP, s);
        assertTrue(s.detail().contains("more than the cap of 65536"), s.detail());
    }

    @Test
    void aTruncatedResponseIsMalformed() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.TRUNCATED);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        assertUnknown(UnknownCause.MALFORMED, RevocationStatus.Source.OCSP, ocspOnly(alice));
    }

    @Test
    void aRedirectToAnotherSchemeIsNotFollowed() {
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        ocsp.redirect(307, "https://127.0.0.1:" + ocsp.uri().getPort() + "/");
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        RevocationStatus s = ocspOnly(alice);

        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.OCSP, s);
        assertTrue(s.detail().contains("redirected to another scheme"), s.detail());
        assertEquals(1, ocsp.requests());
    }

    @Test
    void aRedirectLoopEndsAfterThreeRedirects() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).redirect(307, "/");
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());

        RevocationStatus s = ocspOnly(alice);

        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.OCSP, s);
        assertEquals(ocsp.uri() + ": more than 3 redirects", s.detail());
        assertEquals(4, ocsp.requests(), "the first request and three redirects");
    }

    @Test
    void aPostIsRedirectedOnlyBy307Or308AndTheAnswerIsStillValidated() {
        TestOcspResponder real = responder(Clock.systemUTC());
        TestOcspResponder moved = responder(Clock.systemUTC()).redirect(302, real.uri().toString());
        TestCertificate alice = leaf("alice", moved.uri(), null);
        real.good(alice.certificate());

        RevocationStatus found = ocspOnly(alice);
        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.OCSP, found);
        assertTrue(found.detail().contains("answered 302 to a POST; not followed"), found.detail());
        assertEquals(0, real.requests());

        moved.redirect(307, real.uri().toString());
        assertEquals(RevocationStatus.Status.GOOD, ocspOnly(alice).status());
        real.signer(TestOcspResponder.Signer.UNRELATED_KEY);
        assertUnknown(UnknownCause.BAD_SIGNATURE, RevocationStatus.Source.OCSP, ocspOnly(alice));
        assertEquals(2, real.requests());
    }

    @Test
    void delegatedResponderAndNonceRoundTrip() {
        TestOcspResponder ocsp = responder(Clock.systemUTC()).signer(TestOcspResponder.Signer.DELEGATED);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        TestCertificate mallory = leaf("mallory", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        Instant revokedAt = wholeSecondsAgo(Duration.ofMinutes(5));
        ocsp.revoke(mallory.certificate(), revokedAt, "affiliationChanged");
        RevocationChecker withNonce = uncached(settings(RevocationSettings.Mode.OCSP).ocspNonce(true).build());

        RevocationStatus good = status(withNonce, alice, now());
        RevocationStatus revoked = status(withNonce, mallory, now());
        ocsp.echoNonce(false);
        RevocationStatus goodWithoutNonce = status(withNonce, alice, now());
        RevocationStatus revokedWithoutNonce = status(withNonce, mallory, now());

        assertEquals(RevocationStatus.Status.GOOD, good.status(), good.toString());
        assertTrue(good.detail().contains("signed by delegated responder CN=Test OCSP Responder"), good.detail());
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());
        assertEquals("affiliationChanged", revoked.reason().orElseThrow());
        assertEquals(revokedAt, revoked.revocationTime().orElseThrow());
        assertUnknown(UnknownCause.NONCE_MISMATCH, RevocationStatus.Source.OCSP, goodWithoutNonce);
        assertEquals(RevocationStatus.Status.REVOKED, revokedWithoutNonce.status(), "revocation is permanent: "
                + revokedWithoutNonce);
        assertTrue(revokedWithoutNonce.detail().contains("kept although")
                && revokedWithoutNonce.detail().contains("nonce"), revokedWithoutNonce.detail());
    }

    @Test
    void unknownResponderAnswerIsRefusedAtTheFrontDoorUnlessSoftFailIsWrittenOut(@TempDir Path base) throws Exception {
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.unknown(alice.certificate());
        String rules = "revocation.mode = ocsp\nrole staff when true\n";

        CertGate strict = Configuration.build(RuleSet.parse("it.rules", rules), base, Map.of(), Clock.systemUTC(), RUNTIME, queued);
        CertGate lenient = Configuration.build(RuleSet.parse("it.rules", "revocation.on-unknown = allow\n" + rules),
                base, Map.of(), Clock.systemUTC(), RUNTIME, queued);

        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, strict.decide(alice.chainArray()));
        assertEquals(DenialReason.REVOCATION_UNKNOWN, denied.reason());
        assertTrue(denied.message().startsWith("UNKNOWN (RESPONDER_UNKNOWN) by OCSP: "), denied.message());
        Decision.Authenticated let = assertInstanceOf(Decision.Authenticated.class, lenient.decide(alice.chainArray()));
        assertEquals(RevocationStatus.Status.UNKNOWN, let.revocationStatus().orElseThrow().verdict());
    }

    // ---------------------------------------------------------------------------------------------------------
    // CRLs from the certificate's distribution point, and the order of sources

    TestCrlServer crlServer() {
        return closeLater(TestCrlServer.start());
    }

    @Test
    void crlNotListingTheCertificateIsGood() {
        TestCrlServer crls = crlServer();
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        TestCertificate other = leaf("other", null, crls.uri("/ca.crl"));
        crls.publish("/ca.crl", TestCrl.builder(ca).revoke(other.certificate(), wholeSecondsAgo(Duration.ofMinutes(3)),
                "keyCompromise").build().der());

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).build()), alice, now());

        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
        assertEquals(RevocationStatus.Source.CRL, s.source());
        assertEquals(1, crls.requests("/ca.crl"));
    }

    @Test
    void crlListingTheCertificateRevokesItWithReasonAndTime() {
        TestCrlServer crls = crlServer();
        TestCertificate mallory = leaf("mallory", null, crls.uri("/ca.crl"));
        Instant revokedAt = wholeSecondsAgo(Duration.ofMinutes(7));
        crls.publish("/ca.crl", TestCrl.builder(ca).crlNumber(17)
                .revoke(mallory.certificate(), revokedAt, "keyCompromise").build().der());

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).build()), mallory, now());

        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.toString());
        assertEquals(RevocationStatus.Source.CRL, s.source());
        assertEquals("keyCompromise", s.reason().orElseThrow());
        assertEquals(revokedAt, s.revocationTime().orElseThrow());
    }

    @Test
    void crlPastItsNextUpdateIsStale() {
        TestCrlServer crls = crlServer();
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        crls.publish("/ca.crl", TestCrl.builder(ca).thisUpdate(now().minus(Duration.ofMinutes(30)))
                .nextUpdate(now().minus(Duration.ofMinutes(10))).build().der());

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).build()), alice, now());

        assertUnknown(UnknownCause.STALE, RevocationStatus.Source.CRL, s);
    }

    @Test
    void ocspThenCrlFallsBackToTheCrlWhenTheResponderIsDown() {
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        TestCrlServer crls = crlServer();
        TestCertificate mallory = leaf("mallory", ocsp.uri(), crls.uri("/ca.crl"));
        ocsp.good(mallory.certificate());
        Instant revokedAt = wholeSecondsAgo(Duration.ofMinutes(1));
        crls.publish("/ca.crl", TestCrl.builder(ca).revoke(mallory.certificate(), revokedAt, "superseded").build().der());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.OCSP_THEN_CRL).build());

        RevocationStatus fromOcsp = status(checker, mallory, now());
        ocsp.close();
        RevocationStatus fromCrl = status(checker, mallory, now());

        assertEquals(RevocationStatus.Status.GOOD, fromOcsp.status(), fromOcsp.toString());
        assertEquals(RevocationStatus.Source.OCSP, fromOcsp.source());
        assertEquals(1, crls.requests("/ca.crl"), "the CRL is fetched only when OCSP has no answer");
        assertEquals(RevocationStatus.Status.REVOKED, fromCrl.status(), fromCrl.toString());
        assertEquals(RevocationStatus.Source.CRL, fromCrl.source());
        assertEquals("superseded", fromCrl.reason().orElseThrow());
    }

    @Test
    void crlThenOcspAsksTheResponderOnlyWhenTheCrlFails() {
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        TestCrlServer crls = crlServer();
        TestCertificate alice = leaf("alice", ocsp.uri(), crls.uri("/ca.crl"));
        ocsp.good(alice.certificate());
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.CRL_THEN_OCSP).build());

        RevocationStatus fromCrl = status(checker, alice, now());
        int ocspRequestsBefore = ocsp.requests();
        crls.mode(TestCrlServer.Mode.HTTP_500);
        // A new checker with CRL downloads of its own: the JVM keeps the verified CRL until its nextUpdate.
        RevocationSettings crlThenOcsp = settings(RevocationSettings.Mode.CRL_THEN_OCSP).build();
        RevocationChecker fresh = new RevocationChecker(crlThenOcsp, new NetworkSources(StaticSources.none(),
                new HttpFetcher(RUNTIME.client(crlThenOcsp.timeout())), Clock.systemUTC(),
                new KeptCrls(crlThenOcsp.crlCacheMaxBytes()), RUNTIME.parsedCrls()));
        RevocationStatus fromOcsp = status(fresh, alice, now());

        assertEquals(RevocationStatus.Status.GOOD, fromCrl.status(), fromCrl.toString());
        assertEquals(RevocationStatus.Source.CRL, fromCrl.source());
        assertEquals(0, ocspRequestsBefore, "the responder is not asked while the CRL answers");
        assertEquals(RevocationStatus.Status.GOOD, fromOcsp.status(), fromOcsp.toString());
        assertEquals(RevocationStatus.Source.OCSP, fromOcsp.source());
        assertEquals(1, ocsp.requests());
        assertEquals(2, crls.requests("/ca.crl"));
    }

    @Test
    void aDownloadedCrlServesEveryCertificateOfItsCaUntilItsNextUpdate() {
        TestCrlServer crls = crlServer();
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.CRL).build());
        for (int i = 0; i < 5; i++) {
            TestCertificate client = leaf("client-" + i, null, crls.uri("/ca.crl"));
            assertEquals(RevocationStatus.Status.GOOD, status(checker, client, now()).status());
        }
        assertEquals(1, crls.requests("/ca.crl"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The cache, over the network, with a hand-moved clock

    @Test
    void concurrentFirstChecksOfOneCertificateCauseOneOcspRequest() throws Exception {
        MutableClock clock = new MutableClock(now().truncatedTo(ChronoUnit.SECONDS));
        TestOcspResponder ocsp = responder(clock).mode(TestOcspResponder.Mode.HANG);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).timeout(HANG_GUARD).build(),
                clock);
        int callers = 16;
        Queue<RevocationStatus> results = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> results.add(status(checker, alice, clock.instant())), "client-" + i);
            threads.add(t);
            t.start();
        }

        // Every caller has found the cache empty while the one request is held at the responder.
        // (The class's timeout guards these waits against a hang.)
        ocsp.awaitRequests(1, HANG_GUARD);
        while (checker.statistics().misses() < callers) {
            Thread.onSpinWait();
        }
        ocsp.mode(TestOcspResponder.Mode.NORMAL);
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(1, ocsp.requests());
        assertEquals(callers, results.size());
        RevocationStatus first = results.peek();
        assertEquals(RevocationStatus.Status.GOOD, first.status(), first.toString());
        assertTrue(results.stream().allMatch(r -> r == first), "all callers share the one answer");
        RevocationStatistics stats = checker.statistics();
        assertEquals(1, stats.ocspFetches());
        assertEquals(0, stats.ocspFetchFailures());
        assertEquals(callers, stats.misses());
    }

    @Test
    void expiredEntryIsFetchedAgain() {
        MutableClock clock = new MutableClock(now().truncatedTo(ChronoUnit.SECONDS));
        Instant t0 = clock.instant();
        TestOcspResponder ocsp = responder(clock);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).cacheMaxTtl(Duration.ofHours(10)).build(),
                clock);

        RevocationStatus first = status(checker, alice, clock.instant());
        clock.advance(Duration.ofMinutes(30));
        RevocationStatus half = status(checker, alice, clock.instant());
        int requestsWhileValid = ocsp.requests();
        clock.set(t0.plus(Duration.ofHours(1)));
        RevocationStatus again = status(checker, alice, clock.instant());

        assertEquals(RevocationStatus.Status.GOOD, first.status(), first.toString());
        assertSame(first, half);
        assertEquals(1, requestsWhileValid);
        assertTrue(background.isEmpty(), "no refresh before three quarters of the life");
        assertEquals(2, ocsp.requests(), "at nextUpdate the entry is gone");
        assertEquals(RevocationStatus.Status.GOOD, again.status(), again.toString());
        assertEquals(t0.plus(Duration.ofHours(1)), again.thisUpdate().orElseThrow());
    }

    @Test
    void refreshAheadServesTheCachedAnswerAndRefreshesOnTheExecutor() {
        MutableClock clock = new MutableClock(now().truncatedTo(ChronoUnit.SECONDS));
        Instant t0 = clock.instant();
        TestOcspResponder ocsp = responder(clock);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).cacheMaxTtl(Duration.ofHours(10)).build(),
                clock);
        RevocationStatus first = status(checker, alice, clock.instant());

        clock.advance(Duration.ofMinutes(48)); // 80 % of the hour between thisUpdate and nextUpdate
        RevocationStatus served = status(checker, alice, clock.instant());
        int requestsBeforeRefresh = ocsp.requests();
        int queuedRefreshes = background.size();
        background.poll().run();
        RevocationStatus refreshed = status(checker, alice, clock.instant());

        assertSame(first, served, "answered from the cache at once");
        assertEquals(1, requestsBeforeRefresh, "the caller did not wait for the refresh");
        assertEquals(1, queuedRefreshes);
        assertEquals(2, ocsp.requests(), "the refresh made exactly one more request");
        assertNotSame(first, refreshed);
        assertEquals(t0.plus(Duration.ofMinutes(48)), refreshed.thisUpdate().orElseThrow());
        assertEquals(1, checker.statistics().refreshes());
        assertTrue(background.isEmpty());
    }

    @Test
    void failingResponderDuringRefreshKeepsTheOldGoodOnlyUntilItsNextUpdate() {
        MutableClock clock = new MutableClock(now().truncatedTo(ChronoUnit.SECONDS));
        Instant t0 = clock.instant();
        TestOcspResponder ocsp = responder(clock);
        TestCertificate alice = leaf("alice", ocsp.uri(), null);
        ocsp.good(alice.certificate());
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).cacheMaxTtl(Duration.ofHours(10)).build(),
                clock);
        RevocationStatus first = status(checker, alice, clock.instant());

        clock.advance(Duration.ofMinutes(48));
        ocsp.mode(TestOcspResponder.Mode.HTTP_500);
        assertSame(first, status(checker, alice, clock.instant()));
        background.poll().run();
        assertEquals(2, ocsp.requests());
        assertEquals(1, checker.statistics().failedRefreshes());

        clock.set(t0.plus(Duration.ofMinutes(59)).plusSeconds(59));
        RevocationStatus lastSecond = status(checker, alice, clock.instant());
        background.clear(); // a retry after the backoff may be queued; it would fail too
        clock.set(t0.plus(Duration.ofHours(1)));
        RevocationStatus atNextUpdate = status(checker, alice, clock.instant());

        assertSame(first, lastSecond, "still within nextUpdate: the old GOOD is served");
        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.OCSP, atNextUpdate);
        assertEquals(3, ocsp.requests());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Regressions: a hung load must not block other keys; CRL fetch failures keep their cause.

    @Test
    void aHungLoadDoesNotDelayChecksOfOtherCertificates() throws Exception {
        TestOcspResponder hung = responder(Clock.systemUTC()).mode(TestOcspResponder.Mode.HANG);
        TestOcspResponder fast = responder(Clock.systemUTC());
        RevocationChecker checker = cached(settings(RevocationSettings.Mode.OCSP).timeout(HANG_GUARD).build(),
                Clock.systemUTC());
        TestCertificate stuck = leaf("stuck", hung.uri(), null);
        hung.good(stuck.certificate());
        CompletableFuture<RevocationStatus> waiting = CompletableFuture.supplyAsync(() -> status(checker, stuck, now()));
        hung.awaitRequests(1, HANG_GUARD);

        // The hung load ends only when the test releases the responder, after these checks: had any of them waited
        // for it, it would never complete, and the class's timeout would fail the test.
        List<RevocationStatus> others = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            TestCertificate other = leaf("other-" + i, fast.uri(), null);
            fast.good(other.certificate());
            others.add(status(checker, other, now()));
        }
        boolean stillHung = !waiting.isDone();
        hung.mode(TestOcspResponder.Mode.NORMAL);

        assertTrue(stillHung, "the hung load was still held while the other certificates were checked");
        assertTrue(others.stream().allMatch(s -> s.status() == RevocationStatus.Status.GOOD), others.toString());
        assertEquals(64, fast.requests());
        assertEquals(RevocationStatus.Status.GOOD, waiting.get().status(), "the held load completes once released");
        assertEquals(1, hung.requests());
    }

    @Test
    void crlFetchFailureIsReportedWithItsCause() {
        TestCrlServer crls = crlServer().mode(TestCrlServer.Mode.HTTP_500);
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).build()), alice, now());

        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.CRL, s);
        assertEquals(1, crls.requests("/ca.crl"));
    }

    @Test
    void aDistributionPointThatNeverAnswersEndsAtTheDeadline() {
        TestCrlServer crls = crlServer().mode(TestCrlServer.Mode.HANG);
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());

        // The server never answers: only the deadline can end the check (the class's timeout guards a hang).
        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).timeout(Duration.ofMillis(500)).build()),
                alice, now());

        assertUnknown(UnknownCause.TIMEOUT, RevocationStatus.Source.CRL, s);
    }

    @Test
    void aDistributionPointRedirectIsFollowedOnlyWithinItsSchemeAndAtMostThreeTimes() {
        TestCrlServer crls = crlServer();
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
        crls.redirect("/moved.crl", "/ca.crl");
        crls.redirect("/https.crl", "https://127.0.0.1:" + crls.uri("/").getPort() + "/ca.crl");
        crls.redirect("/loop.crl", "/loop.crl");
        RevocationChecker checker = uncached(settings(RevocationSettings.Mode.CRL).build());

        RevocationStatus moved = status(checker, leaf("moved", null, crls.uri("/moved.crl")), now());
        RevocationStatus https = status(checker, leaf("https", null, crls.uri("/https.crl")), now());
        RevocationStatus loop = status(checker, leaf("loop", null, crls.uri("/loop.crl")), now());

        assertEquals(RevocationStatus.Status.GOOD, moved.status(), moved.toString());
        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.CRL, https);
        assertTrue(https.detail().contains("redirected to another scheme"), https.detail());
        assertUnknown(UnknownCause.HTTP_ERROR, RevocationStatus.Source.CRL, loop);
        assertTrue(loop.detail().endsWith(crls.uri("/loop.crl") + ": more than 3 redirects"), loop.detail());
        assertEquals(4, crls.requests("/loop.crl"));
        assertEquals(1, crls.requests("/ca.crl"), "the https location is never fetched");
    }

    @Test
    void aCrlLargerThanTheCapIsTooLarge() {
        TestCrlServer crls = crlServer();
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        TestCrl.Builder big = TestCrl.builder(ca);
        for (int i = 1; i <= 200; i++) {
            big.revoke(java.math.BigInteger.valueOf(1_000_000 + i), wholeSecondsAgo(Duration.ofDays(1)), "superseded");
        }
        byte[] der = big.build().der();
        crls.publish("/ca.crl", der);

        RevocationStatus s = status(uncached(settings(RevocationSettings.Mode.CRL).maxCrlBytes(der.length - 1).build()),
                alice, now());

        assertUnknown(UnknownCause.TOO_LARGE, RevocationStatus.Source.CRL, s);
        assertEquals(RevocationStatus.Status.GOOD, status(uncached(settings(RevocationSettings.Mode.CRL)
                .maxCrlBytes(der.length).build()), alice, now()).status(), "exactly the cap is accepted");
    }

    @Test
    void aTruncatedCrlIsMalformed() {
        TestCrlServer crls = crlServer();
        TestCertificate alice = leaf("alice", null, crls.uri("/ca.crl"));
        byte[] der = TestCrl.builder(ca).revoke(alice.certificate(), wholeSecondsAgo(Duration.ofDays(1)), "keyCompromise")
                .build().der();
        crls.publish("/ca.crl", java.util.Arrays.copyOf(der, der.length - 10));

        assertUnknown(UnknownCause.MALFORMED, RevocationStatus.Source.CRL,
                status(uncached(settings(RevocationSettings.Mode.CRL).build()), alice, now()));
    }

    @Test
    void negativeAndTwentyOneByteSerialsAreLookedUpExactlyByOcspAndCrl() {
        java.math.BigInteger minusOne = java.math.BigInteger.ONE.negate();           // DER 02 01 FF
        java.math.BigInteger ff = java.math.BigInteger.valueOf(255);                  // DER 02 02 00 FF
        java.math.BigInteger long21 = new java.math.BigInteger("7f" + "01".repeat(20), 16); // 21 content bytes
        java.math.BigInteger long20 = long21.shiftRight(8);                            // the same without its last byte
        TestOcspResponder ocsp = responder(Clock.systemUTC());
        TestCrlServer crls = crlServer();
        Instant at = wholeSecondsAgo(Duration.ofHours(1));
        crls.publish("/ca.crl", TestCrl.builder(ca).revoke(minusOne, at, "keyCompromise").revoke(long21, at, "keyCompromise")
                .build().der());
        RevocationChecker byOcsp = uncached(settings(RevocationSettings.Mode.OCSP).build());
        RevocationChecker byCrl = uncached(settings(RevocationSettings.Mode.CRL).build());

        for (java.math.BigInteger serial : List.of(minusOne, ff, long21, long20)) {
            TestCertificate cert = TestCertificate.builder().subject("CN=serial " + serial + ",O=certgate tests")
                    .serial(serial).ocspResponder(ocsp.uri().toString()).crlDistributionPoint(crls.uri("/ca.crl").toString())
                    .signedBy(ca).build();
            assertEquals(serial, cert.certificate().getSerialNumber());
            boolean revoked = serial.equals(minusOne) || serial.equals(long21);
            if (revoked) {
                ocsp.revoke(cert.certificate(), at, "keyCompromise");
            } else {
                ocsp.good(cert.certificate());
            }
            RevocationStatus.Status expected = revoked ? RevocationStatus.Status.REVOKED : RevocationStatus.Status.GOOD;
            assertEquals(expected, status(byOcsp, cert, now()).status(), "OCSP, serial " + serial.toString(16));
            assertEquals(expected, status(byCrl, cert, now()).status(), "CRL, serial " + serial.toString(16));
        }
    }
}
