package io.certgate.core.revocation;

import org.junit.jupiter.api.AfterAll;
import io.certgate.core.config.Configuration;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import io.certgate.core.testing.TestCrlServer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRL download cache over real HTTP: only CRLs that verified are kept, a forged one is dropped and its
 * distribution point backed off like a failed fetch; time moves by hand.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrlCacheIT {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static TestCertificate ca;

    TestCrlServer crls;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=certgate CRL cache CA,O=certgate tests").ca(0).build();
    }

    @AfterEach
    void close() {
        if (crls != null) {
            crls.close();
        }
        // Tests that set the runtime's bound through NetworkSources.over leave it as the defaults have it.
        RUNTIME.keptCrls().maxBytes(RevocationSettings.DEFAULT_CRL_CACHE_MAX_BYTES);
        RUNTIME.parsedCrls().maxBytes(RevocationSettings.DEFAULT_CRL_CACHE_MAX_BYTES);
    }

    /** Network sources whose verified downloads go to {@code kept} rather than the JVM's store. */
    static NetworkSources sources(RevocationSettings settings, Clock clock, KeptCrls kept) {
        return new NetworkSources(StaticSources.none(), new HttpFetcher(RUNTIME.client(settings.timeout())),
                clock, kept, RUNTIME.parsedCrls());
    }

    /** A CRL of {@code issuer} with enough unrelated entries to weigh about {@code bytes}, revoking {@code revoked}. */
    static byte[] crlOfAbout(int bytes, TestCertificate issuer, TestCertificate... revoked) {
        TestCrl.Builder b = TestCrl.builder(issuer);
        Instant at = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        for (TestCertificate r : revoked) {
            b.revoke(r.certificate(), at, "keyCompromise");
        }
        // An entry with a 4-byte serial, a UTCTime and a reasonCode is 36 bytes.
        for (int i = 0; i < bytes / 36; i++) {
            b.revoke(BigInteger.valueOf(0x10000000L + i), at, "superseded");
        }
        byte[] der = b.build().der();
        assertTrue(der.length > bytes * 9 / 10 && der.length < bytes * 11 / 10, "a CRL of " + der.length + " bytes");
        return der;
    }

    static TestCertificate leaf(String name, TestCertificate issuer, String crlUrl) {
        return TestCertificate.builder().subject("CN=" + name + ",O=certgate tests").clientAuth()
                .crlDistributionPoint(crlUrl).signedBy(issuer).build();
    }

    static RevocationStatus leafStatus(RevocationChecker checker, TestCertificate leaf, Instant now) {
        ChainStatus chain = checker.check(checker.paths().build(leaf.chainArray()), now);
        assertEquals(1, chain.certificates().size(), chain.certificates().toString());
        return chain.certificates().get(0).status();
    }

    @Test
    void aForgedCrlIsNotKeptAndTheDistributionPointIsAskedAgainAfterTheBackoff() {
        crls = TestCrlServer.start();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestCertificate alice = leaf("alice", ca, crls.uri("/ca.crl").toString());
        // Same name as the CA, another key: what an attacker on the path to the distribution point can sign.
        TestCertificate forger = TestCertificate.builder().subject("CN=certgate CRL cache CA,O=certgate tests").ca(0).build();
        crls.publish("/ca.crl", TestCrl.builder(forger).build().der());
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL).build();
        RevocationChecker checker = new RevocationChecker(settings, NetworkSources.over(StaticSources.none(), settings, clock, RUNTIME));

        RevocationStatus forged = leafStatus(checker, alice, clock.instant());
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
        RevocationStatus backedOff = leafStatus(checker, alice, clock.instant());
        int requestsDuringBackoff = crls.requests("/ca.crl");
        long failuresAfterForgery = checker.statistics().crlFetchFailures();
        clock.advance(StatusCache.FIRST_BACKOFF);
        RevocationStatus real = leafStatus(checker, alice, clock.instant());
        RevocationStatus again = leafStatus(checker, alice, clock.instant());

        assertEquals(UnknownCause.BAD_SIGNATURE, forged.cause().orElseThrow(), forged.toString());
        assertEquals(UnknownCause.BAD_SIGNATURE, backedOff.cause().orElseThrow(), backedOff.toString());
        assertEquals(1, requestsDuringBackoff, "the distribution point is not asked again during the backoff");
        assertEquals(1, failuresAfterForgery, "a download that does not verify counts as a failed fetch");
        assertEquals(RevocationStatus.Status.GOOD, real.status(), real.toString());
        assertEquals(RevocationStatus.Status.GOOD, again.status(), again.toString());
        assertEquals(2, crls.requests("/ca.crl"), "the forged CRL was not kept; the real one is");
    }

    @Test
    void checksThatStartBeforeTheVerdictShareTheDownloadAndOnlyAVerifiedOneIsKept() {
        crls = TestCrlServer.start();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        URI uri = crls.uri("/ca.crl");
        crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
        RevocationSettings settings = RevocationSettings.builder().build();
        CrlDownloads downloads = new CrlDownloads(new HttpFetcher(RUNTIME.client(settings.timeout())), clock,
                new KeptCrls(1 << 20), RUNTIME.parsedCrls());

        CrlDownloads.Download first = downloads.get(uri, settings, Deadline.in(settings.timeout()));
        CrlDownloads.Download meanwhile = downloads.get(uri, settings, Deadline.in(settings.timeout()));
        downloads.rejected(first.der(), RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.BAD_SIGNATURE,
                "is forged"));
        CrlDownloads.Download backedOff = downloads.get(uri, settings, Deadline.in(settings.timeout()));
        clock.advance(StatusCache.FIRST_BACKOFF);
        CrlDownloads.Download again = downloads.get(uri, settings, Deadline.in(settings.timeout()));
        downloads.verified(again.der());
        CrlDownloads.Download kept = downloads.get(uri, settings, Deadline.in(settings.timeout()));

        assertSame(first.der(), meanwhile.der(), "a check that starts before the verdict shares the download");
        assertEquals(UnknownCause.BAD_SIGNATURE, backedOff.failure().cause().orElseThrow(), backedOff.failure().toString());
        assertTrue(backedOff.failure().detail().startsWith("the CRL downloaded from " + uri + " is forged; not kept"),
                backedOff.failure().detail());
        assertNotSame(first.der(), again.der());
        assertSame(again.der(), kept.der());
        assertEquals(2, crls.requests("/ca.crl"));
        assertEquals(1, downloads.statistics().failed());
    }

    @Test
    void aDownloadSignedByAnAuthorizedCrlSignerOfTheIssuerIsKept() throws Exception {
        crls = TestCrlServer.start();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestCertificate root = TestCertificate.builder().subject("CN=certgate CRL signer root,O=certgate tests").ca(1).build();
        TestCertificate issuing = TestCertificate.builder().subject("CN=certgate CRL signer CA,O=certgate tests").ca(0)
                .signedBy(root).build();
        // The issuing CA's name, another key with cRLSign, certified by the root: a separate CRL signer.
        TestCertificate signer = TestCertificate.builder().subject("CN=certgate CRL signer CA,O=certgate tests")
                .extension(Extension.keyUsage.getId(), true, new KeyUsage(KeyUsage.cRLSign).getEncoded("DER"))
                .signedBy(root).build();
        TestCertificate alice = leaf("alice", issuing, crls.uri("/issuing.crl").toString());
        crls.publish("/issuing.crl", TestCrl.builder(signer).build().der());
        StaticSources local = new StaticSources(List.of(), List.of(TestCrl.builder(root).build().der()),
                List.of(signer.certificate()));
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL).build();
        RevocationChecker checker = new RevocationChecker(settings, new NetworkSources(local,
                new HttpFetcher(RUNTIME.client(settings.timeout())), clock, new KeptCrls(1 << 20), RUNTIME.parsedCrls()));

        RevocationStatus first = leafStatus(checker, alice, clock.instant());
        RevocationStatus second = leafStatus(checker, alice, clock.instant());

        assertEquals(RevocationStatus.Status.GOOD, first.status(), first.toString());
        assertEquals(RevocationStatus.Status.GOOD, second.status(), second.toString());
        assertEquals(1, crls.requests("/issuing.crl"), "the CRL signed by the authorized signer was kept");
        assertTrue(checker.statistics().keptCrlBytes() > 0);
        assertEquals(0, checker.statistics().crlFetchFailures());
    }

    @Test
    void theKeptCrlsStayWithinTheirBoundAndEvictedOnesAreFetchedAgainWithTheSameDecisions() {
        crls = TestCrlServer.start();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        List<TestCertificate> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestCertificate client = leaf("client-" + i, ca, crls.uri("/" + i + ".crl").toString());
            clients.add(client);
            crls.publish("/" + i + ".crl", i % 2 == 1 ? crlOfAbout(40_000, ca, client) : crlOfAbout(40_000, ca));
        }
        long bound = 100_000; // two of the four CRLs
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL).build();
        RevocationChecker checker = new RevocationChecker(settings, sources(settings, clock, new KeptCrls(bound)));

        List<Long> kept = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients.size(); i++) {
                RevocationStatus s = leafStatus(checker, clients.get(i), clock.instant());
                assertEquals(i % 2 == 1 ? RevocationStatus.Status.REVOKED : RevocationStatus.Status.GOOD, s.status(),
                        "round " + round + ", client " + i + ": " + s);
                kept.add(checker.statistics().keptCrlBytes());
            }
        }
        int requests = 0;
        for (int i = 0; i < clients.size(); i++) {
            requests += crls.requests("/" + i + ".crl");
        }

        assertTrue(kept.stream().allMatch(b -> b > 0 && b <= bound), "bytes kept after each check: " + kept);
        assertTrue(requests > clients.size(), "evicted CRLs are fetched again: " + requests + " requests");
        assertEquals(0, checker.statistics().crlFetchFailures());
    }

    @Test
    void aCrlLargerThanTheBoundDecidesTheCheckThatFetchedItAndIsNotKept() {
        crls = TestCrlServer.start();
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestCertificate mallory = leaf("mallory", ca, crls.uri("/big.crl").toString());
        crls.publish("/big.crl", crlOfAbout(1_200_000, ca, mallory));
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL).build();
        RevocationChecker checker = new RevocationChecker(settings, sources(settings, clock, new KeptCrls(1 << 20)));

        RevocationStatus first = leafStatus(checker, mallory, clock.instant());
        long keptAfterFirst = checker.statistics().keptCrlBytes();
        RevocationStatus second = leafStatus(checker, mallory, clock.instant());

        assertEquals(RevocationStatus.Status.REVOKED, first.status(), first.toString());
        assertEquals(RevocationStatus.Status.REVOKED, second.status(), second.toString());
        assertEquals(0, keptAfterFirst);
        assertEquals(2, crls.requests("/big.crl"), "a CRL larger than the bound is fetched for each check");
    }

    /**
     * The memory exhaustion the bound prevents, at a small scale: with {@code revocation.scope = chain} each check
     * downloads two CRLs of about 600 KiB, and {@code revocation.crl.cache.max-bytes = 1MiB} keeps the JVM's CRL
     * memory within 1 MiB for the downloads and 1 MiB for the parsed CRLs, while every decision stays right.
     */
    @Test
    void chainScopeWithLargeCrlsKeepsTheJvmsCrlMemoryWithinTheConfiguredBound() throws Exception {
        crls = TestCrlServer.start();
        TestCertificate root = TestCertificate.builder().subject("CN=certgate CRL cache root,O=certgate tests").ca(1).build();
        TestCertificate intermediate = TestCertificate.builder().subject("CN=certgate CRL cache intermediate,O=certgate tests")
                .ca(0).crlDistributionPoint(crls.uri("/root.crl").toString()).signedBy(root).build();
        TestCertificate alice = leaf("alice", intermediate, crls.uri("/intermediate.crl").toString());
        TestCertificate mallory = leaf("mallory", intermediate, crls.uri("/intermediate.crl").toString());
        crls.publish("/root.crl", crlOfAbout(600 * 1024, root));
        crls.publish("/intermediate.crl", crlOfAbout(600 * 1024, intermediate, mallory));
        long bound = 1 << 20;
        // Built as a server builds it, from a rules file's settings.
        RevocationChecker checker = Configuration.build(RuleSet.parse("app.rules", "revocation.mode = crl\n"
                        + "revocation.scope = chain\nrevocation.crl.cache.max-bytes = 1MiB\nrole user when true\n"),
                null, Map.of(), Clock.systemUTC(), RUNTIME, Runnable::run).revocation().orElseThrow();
        assertEquals(bound, checker.settings().crlCacheMaxBytes());

        List<String> memory = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (TestCertificate client : List.of(alice, mallory)) {
                ChainStatus chain = checker.check(checker.paths().build(client.chainArray()), Instant.now());
                assertEquals(2, chain.certificates().size(), chain.toString());
                RevocationStatus ofIntermediate = chain.certificates().get(0).status();
                RevocationStatus ofLeaf = chain.certificates().get(1).status();
                assertEquals(RevocationStatus.Status.GOOD, ofIntermediate.status(), ofIntermediate.toString());
                assertEquals(client == mallory ? RevocationStatus.Status.REVOKED : RevocationStatus.Status.GOOD,
                        ofLeaf.status(), ofLeaf.toString());
                RevocationStatistics s = checker.statistics();
                memory.add(s.keptCrlBytes() + "/" + s.parsedCrlBytes());
                assertTrue(s.keptCrlBytes() <= bound && s.parsedCrlBytes() <= bound, "kept/parsed bytes: " + memory);
            }
        }
    }
}
