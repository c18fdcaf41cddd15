package io.certgate.jetty;

import io.certgate.core.CertGate;
import io.certgate.core.DenialReason;
import io.certgate.core.audit.AuditRecord;
import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.testing.KeepAliveConnection;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import io.certgate.core.testing.TestCrlServer;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.certgate.jetty.CertGateJettyIT.answer;
import static io.certgate.jetty.CertGateJettyIT.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile review's attacks on a real Jetty, over real TLS with certificates made for the run: certificates
 * appended outside the verified path are never fetched from (blind SSRF), a common name that spells another
 * client's SPIFFE ID or e-mail address names no one, a client's long values cost the regular-expression work once
 * on a kept-alive connection, and a huge common name writes a bounded audit record. One server serves every test.
 */
class HostileClientsJettyIT {
    static final String EVIL = "(.*a){20}b";

    @TempDir
    static Path dir;

    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate attackerRoot;
    static TestCrlServer crls;
    static TestCrlServer watched;
    static TestOcspResponder watchedOcsp;
    static TestJetty jetty;
    static final List<String> audit = new CopyOnWriteArrayList<>();
    static final Handler AUDIT = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        root = TestCertificate.builder().subject("CN=Hostile Root,O=Example").ca(1).build();
        attackerRoot = TestCertificate.builder().subject("CN=Attacker Root").ca(1).build();
        crls = TestCrlServer.start();
        watched = TestCrlServer.start();
        watchedOcsp = TestOcspResponder.start(attackerRoot, Clock.systemUTC());
        issuing = TestCertificate.builder().subject("CN=Hostile Issuing CA,O=Example").ca(0)
                .crlDistributionPoint(crls.uri("/root.crl").toString()).signedBy(root).build();
        crls.publish("/root.crl", TestCrl.builder(root).build().der());
        crls.publish("/issuing.crl", TestCrl.builder(issuing).build().der());

        Path ssrf = TestWebApp.write(dir.resolve("ssrf"), """
                principal = subject.cn
                role admin when subject.cn = "alice"
                revocation.scope = chain
                revocation.issuers = issuers.pem
                """);
        Files.writeString(ssrf.resolve("WEB-INF/issuers.pem"), root.certificatePem());
        jetty = new TestJetty(TestTls.localhost(root), false, new ContainerSettings(), root.certificate())
                .webApp("/ssrf", ssrf)
                .webApp("/collision", TestWebApp.write(dir.resolve("collision"),
                        "principal = spiffe-id, san.email, subject.cn\nrole admin when true\nrevocation.mode = off\n"))
                .webApp("/regex", TestWebApp.write(dir.resolve("regex"), "principal = subject.cn\n"
                        + "role admin when san.uri ~ \"" + EVIL + "\" or subject.cn ~ \"" + EVIL + "\"\n"
                        + "revocation.mode = off\n"))
                .webApp("/audit", TestWebApp.write(dir.resolve("audit"),
                        "principal = subject.cn\nrole admin when true\nrevocation.mode = off\n"))
                .start();
        Logger.getLogger(CertGate.AUDIT_LOGGER).addHandler(AUDIT);
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger(CertGate.AUDIT_LOGGER).removeHandler(AUDIT);
        try (TestCrlServer a = crls; TestCrlServer b = watched; TestOcspResponder c = watchedOcsp) {
            jetty.close();
        }
    }

    static ReloadingGate gate(String contextPath) {
        return ((CertGateAuthenticator) jetty.app(contextPath).getSecurityHandler().getAuthenticator()).gate();
    }

    static TestCertificate.Builder client(String subject) {
        return TestCertificate.builder().subject(subject).clientAuth();
    }

    @Test
    void certificatesAppendedOutsideTheVerifiedPathAreNeverFetchedFrom() throws Exception {
        TestCertificate alice = client("CN=alice,O=Example").crlDistributionPoint(crls.uri("/issuing.crl").toString())
                .signedBy(issuing).build();
        // After the real path, certificates that chain by name only (a look-alike of the root, signed by the
        // attacker's root) and carry the attacker's OCSP and CRL URLs.
        String hook = watched.uri("/hook").toString();
        TestCertificate attackersRoot = TestCertificate.builder().subject("CN=Attacker Root").ca(2)
                .ocspResponder(watchedOcsp.uri().toString()).crlDistributionPoint(hook)
                .keyPair(attackerRoot.keyPair()).build();
        TestCertificate rootLookAlike = TestCertificate.builder().subject("CN=Hostile Root,O=Example").ca(1)
                .ocspResponder(watchedOcsp.uri().toString()).crlDistributionPoint(hook).signedBy(attackerRoot).build();

        HttpClient hostile = TestTls.clientPresenting(alice, List.of(alice.certificate(), issuing.certificate(),
                rootLookAlike.certificate(), attackersRoot.certificate()), root.certificate());
        HttpResponse<String> attacked = get(hostile, jetty.uri("/ssrf/admin/x"));
        assertEquals(200, attacked.statusCode(), attacked.body());
        assertNotEquals(0, crls.requests("/issuing.crl"), "the leaf was checked");
        assertNotEquals(0, crls.requests("/root.crl"), "and, under revocation.scope = chain, its intermediate");

        HttpResponse<String> plain = get(TestTls.client(alice, root.certificate()), jetty.uri("/ssrf/admin/x"));
        assertEquals(200, plain.statusCode(), plain.body());
        Map<String, String> asAttacked = answer(attacked);
        Map<String, String> asPlain = answer(plain);
        for (String key : List.of("remoteUser", "io.certgate.roles", "io.certgate.revocation")) {
            assertEquals(asPlain.get(key), asAttacked.get(key), key);
        }
        assertEquals("alice", asAttacked.get("remoteUser"));
        assertTrue(asAttacked.get("io.certgate.revocation").startsWith("GOOD"), attacked.body());

        assertEquals(0, watched.requests("/hook"), "no CRL fetched from an appended certificate");
        assertEquals(0, watchedOcsp.requests(), "no OCSP request to an appended certificate's responder");
    }

    @Test
    void aCommonNameSpellingAnotherClientsSpiffeIdOrEmailIsRefused() throws Exception {
        TestCertificate workload = client("CN=payments,O=Example").sanUri("spiffe://example.org/payments").signedBy(root).build();
        TestCertificate bob = client("CN=bob,O=Example").sanEmail("bob@example.org").signedBy(root).build();
        TestCertificate spellsSpiffe = client("CN=spiffe://example.org/payments,O=Example").signedBy(root).build();
        TestCertificate spellsEmail = client("CN=bob@example.org,O=Example").signedBy(root).build();
        ReloadingGate gate = gate("/collision");

        for (TestCertificate impostor : List.of(spellsSpiffe, spellsEmail)) {
            long before = gate.statistics().denied(DenialReason.AMBIGUOUS_PRINCIPAL);
            HttpClient c = TestTls.client(impostor, root.certificate());
            HttpResponse<String> refused = get(c, jetty.uri("/collision/any/x"));
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals(before + 1, gate.statistics().denied(DenialReason.AMBIGUOUS_PRINCIPAL), impostor.toString());
            Map<String, String> open = answer(get(c, jetty.uri("/collision/public")));
            assertEquals("", open.get("remoteUser"), "not authenticated");
            assertEquals("AMBIGUOUS_PRINCIPAL", open.get("io.certgate.denial-reason"));
        }
        HttpResponse<String> real = get(TestTls.client(workload, root.certificate()), jetty.uri("/collision/admin/x"));
        assertEquals(200, real.statusCode(), real.body());
        assertEquals("spiffe://example.org/payments", answer(real).get("remoteUser"));
        HttpResponse<String> realBob = get(TestTls.client(bob, root.certificate()), jetty.uri("/collision/admin/x"));
        assertEquals(200, realBob.statusCode(), realBob.body());
        assertEquals("bob@example.org", answer(realBob).get("remoteUser"));
    }

    /**
     * Jetty asks the authenticator again each time the application calls {@code getUserPrincipal} or
     * {@code getRemoteUser} for a client it could not authenticate on an unconstrained page: one request must still
     * be one decision and one audit record, or a refused client multiplies the audit stream.
     */
    @Test
    void aRefusedClientOnAnUnconstrainedPageIsDecidedAndAuditedOncePerRequest() throws Exception {
        TestCertificate impostor = client("CN=bob@example.org,O=Example").signedBy(root).build();
        ReloadingGate gate = gate("/collision");
        String rules = dir.resolve("collision/WEB-INF/certgate.rules").toString();
        HttpClient c = TestTls.client(impostor, root.certificate());
        for (int request = 1; request <= 3; request++) {
            long before = gate.statistics().total();
            audit.clear();
            Map<String, String> open = answer(get(c, jetty.uri("/collision/public")));
            assertEquals("", open.get("remoteUser"));
            assertEquals("AMBIGUOUS_PRINCIPAL", open.get("io.certgate.denial-reason"));
            assertEquals(before + 1, gate.statistics().total(), "request " + request + ": one decision");
            assertEquals(1, audit.stream().filter(a -> a.contains("rules=\"" + rules + "\"")).count(), audit.toString());
        }
    }

    /**
     * A 29,000-character URI is longer than a {@code ~} test reads (the test is unknown), and a common name of forty
     * a's makes {@code (.*a){20}b} use up the steps of a decision: every request of the kept-alive connection is
     * refused, and the regular-expression work is done for the first request only.
     */
    @Test
    void longValuesOnAKeptAliveConnectionAreRefusedAndCostTheRegularExpressionWorkOnce() throws Exception {
        String longUri = "https://example.org/" + "a".repeat(29_000);
        TestCertificate longSan = client("CN=longsan,O=Example").sanUri(longUri).signedBy(root).build();
        TestCertificate backtracking = client("CN=" + "a".repeat(40) + "!,O=Example").sanUri(longUri).signedBy(root).build();
        CertGate current = gate("/regex").current();

        long start = current.rules().regexSteps();
        try (KeepAliveConnection c = new KeepAliveConnection(TestTls.context(longSan, root.certificate()), port())) {
            assertEquals(403, c.get("/regex/admin/x").status());
            long once = current.rules().regexSteps();
            assertTrue(once - start < longUri.length(), "the long value was not read: " + (once - start) + " steps");
            for (int i = 0; i < 4; i++) {
                KeepAliveConnection.Answer any = c.get("/regex/any/x");
                assertEquals(200, any.status(), "authenticated, without the role");
                assertTrue(any.body().contains("io.certgate.roles=[]\n"), any.body());
                assertEquals(403, c.get("/regex/admin/x").status());
            }
            assertEquals(once, current.rules().regexSteps(), "nine requests, one evaluation");
        }

        long refusedBefore = current.statistics().denied(DenialReason.RULE_LIMIT);
        start = current.rules().regexSteps();
        try (KeepAliveConnection c = new KeepAliveConnection(TestTls.context(backtracking, root.certificate()), port())) {
            assertEquals(403, c.get("/regex/any/x").status());
            long once = current.rules().regexSteps();
            assertTrue(once > start, "the common name was tried");
            for (int i = 0; i < 4; i++) {
                assertEquals(403, c.get("/regex/any/x").status());
                assertEquals(403, c.get("/regex/admin/x").status());
            }
            assertEquals(refusedBefore + 9, current.statistics().denied(DenialReason.RULE_LIMIT), "every request refused");
            assertTrue(c.get("/regex/public").body().contains("io.certgate.denial-reason=RULE_LIMIT\n"));
            assertEquals(once, current.rules().regexSteps(), "ten requests, one evaluation");
        }
        assertEquals(current, gate("/regex").current(), "the same rules decided every request");
    }

    @Test
    void aCommonNameOfTwentyEightThousandCharactersWritesABoundedAuditRecord() throws Exception {
        String huge = "a".repeat(28_000);
        TestCertificate client = client("CN=" + huge).signedBy(root).build();
        audit.clear();
        HttpResponse<String> r = get(TestTls.client(client, root.certificate()), jetty.uri("/audit/admin/x"));
        assertEquals(200, r.statusCode());
        assertEquals(huge, answer(r).get("remoteUser"), "the decision keeps the whole name");

        String rules = dir.resolve("audit/WEB-INF/certgate.rules").toString();
        List<String> records = audit.stream().filter(a -> a.contains("rules=\"" + rules + "\"")).toList();
        assertEquals(1, records.size(), audit.toString());
        String record = records.get(0);
        assertTrue(record.contains(" principal=\"" + "a".repeat(AuditRecord.MAX_FIELD_CHARS) + "\u2026(sha256="
                + sha256(huge) + ")\""), record);
        assertTrue(record.contains(" subject=\"CN=" + "a".repeat(AuditRecord.MAX_FIELD_CHARS - 3) + "\u2026(sha256="
                + sha256("CN=" + huge) + ")\""), record);
        assertTrue(record.length() < 3 * (AuditRecord.MAX_FIELD_CHARS + 80) + 1024, "written length " + record.length());
    }

    static int port() {
        return jetty.uri("/").getPort();
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
