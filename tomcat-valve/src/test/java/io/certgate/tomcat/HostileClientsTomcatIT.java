package io.certgate.tomcat;

import io.certgate.core.CertGate;
import io.certgate.core.DenialReason;
import io.certgate.core.audit.AuditRecord;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.testing.KeepAliveConnection;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import io.certgate.core.testing.TestCrlServer;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile review's attacks on a real Tomcat with CertGateRealm behind the stock {@code SSLAuthenticator}, over
 * real TLS with certificates made for the run: certificates appended outside the verified path are never fetched
 * from (blind SSRF), a common name that spells another client's SPIFFE ID or e-mail address names no one, a
 * client's long values cost the regular-expression work once on a kept-alive connection, and a huge common name
 * writes a bounded audit record. One server serves every test.
 */
class HostileClientsTomcatIT {
    static final String EVIL = "(.*a){20}b";

    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate attackerRoot;
    static TestCrlServer crls;
    static TestCrlServer watched;
    static TestOcspResponder watchedOcsp;
    static EmbeddedTomcat server;
    static final Map<String, Context> apps = new LinkedHashMap<>();
    static final Map<String, CertGateRealm> realms = new LinkedHashMap<>();
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
    static void start() {
        root = TestCertificate.builder().subject("CN=Hostile Root,O=Example").ca(1).build();
        attackerRoot = TestCertificate.builder().subject("CN=Attacker Root").ca(1).build();
        crls = TestCrlServer.start();
        watched = TestCrlServer.start();
        watchedOcsp = TestOcspResponder.start(attackerRoot, Clock.systemUTC());
        issuing = TestCertificate.builder().subject("CN=Hostile Issuing CA,O=Example").ca(0)
                .crlDistributionPoint(crls.uri("/root.crl").toString()).signedBy(root).build();
        crls.publish("/root.crl", TestCrl.builder(root).build().der());
        crls.publish("/issuing.crl", TestCrl.builder(issuing).build().der());

        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
        add("/ssrf", TestWebApp.builder().rules("""
                principal = subject.cn
                role admin when subject.cn = "alice"
                revocation.scope = chain
                revocation.issuers = issuers.pem
                """).webInfFile("issuers.pem", root.certificatePem()));
        add("/collision", TestWebApp.builder()
                .rules("principal = spiffe-id, san.email, subject.cn\nrole admin when true\nrevocation.mode = off\n"));
        add("/regex", TestWebApp.builder().rules("principal = subject.cn\n"
                + "role admin when san.uri ~ \"" + EVIL + "\" or subject.cn ~ \"" + EVIL + "\"\n"
                + "role user when true\nrevocation.mode = off\n"));
        add("/audit", TestWebApp.builder().rules("principal = subject.cn\nrole admin when true\nrevocation.mode = off\n"));
        server.start();
        Logger.getLogger(CertGate.AUDIT_LOGGER).addHandler(AUDIT);
    }

    private static void add(String path, TestWebApp app) {
        CertGateRealm realm = new CertGateRealm();
        Context context = server.add(path, app);
        context.setRealm(realm);
        apps.put(path, context);
        realms.put(path, realm);
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger(CertGate.AUDIT_LOGGER).removeHandler(AUDIT);
        try (TestCrlServer a = crls; TestCrlServer b = watched; TestOcspResponder c = watchedOcsp) {
            server.close();
        }
    }

    static ReloadingGate gate(String path) {
        return realms.get(path).gate(apps.get(path)).orElseThrow();
    }

    static TestCertificate.Builder client(String subject) {
        return TestCertificate.builder().subject(subject).clientAuth();
    }

    @Test
    void certificatesAppendedOutsideTheVerifiedPathAreNeverFetchedFrom() {
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
        Http attacked = Http.get(hostile, server.uri("/ssrf/admin/x"));
        assertEquals(200, attacked.status(), attacked.body());
        assertNotEquals(0, crls.requests("/issuing.crl"), "the leaf was checked");
        assertNotEquals(0, crls.requests("/root.crl"), "and, under revocation.scope = chain, its intermediate");

        Http plain = Http.get(TestTls.client(alice, root.certificate()), server.uri("/ssrf/admin/x"));
        assertEquals(200, plain.status(), plain.body());
        for (String key : List.of("user", "roles", "revocation")) {
            assertEquals(plain.line(key), attacked.line(key), key);
        }
        assertEquals("alice", attacked.line("user"));
        assertTrue(attacked.line("revocation").startsWith("GOOD"), attacked.body());

        assertEquals(0, watched.requests("/hook"), "no CRL fetched from an appended certificate");
        assertEquals(0, watchedOcsp.requests(), "no OCSP request to an appended certificate's responder");
    }

    @Test
    void aCommonNameSpellingAnotherClientsSpiffeIdOrEmailIsRefused() {
        TestCertificate workload = client("CN=payments,O=Example").sanUri("spiffe://example.org/payments").signedBy(root).build();
        TestCertificate bob = client("CN=bob,O=Example").sanEmail("bob@example.org").signedBy(root).build();
        TestCertificate spellsSpiffe = client("CN=spiffe://example.org/payments,O=Example").signedBy(root).build();
        TestCertificate spellsEmail = client("CN=bob@example.org,O=Example").signedBy(root).build();
        ReloadingGate gate = gate("/collision");

        for (TestCertificate impostor : List.of(spellsSpiffe, spellsEmail)) {
            long before = gate.statistics().denied(DenialReason.AMBIGUOUS_PRINCIPAL);
            HttpClient c = TestTls.client(impostor, root.certificate());
            Http refused = Http.get(c, server.uri("/collision/admin/x"));
            assertEquals(401, refused.status(), refused.body());
            assertEquals(before + 1, gate.statistics().denied(DenialReason.AMBIGUOUS_PRINCIPAL), impostor.toString());
            assertEquals("null", Http.get(c, server.uri("/collision/open/x")).line("user"), "not authenticated");
        }
        Http real = Http.get(TestTls.client(workload, root.certificate()), server.uri("/collision/admin/x"));
        assertEquals(200, real.status(), real.body());
        assertEquals("spiffe://example.org/payments", real.line("user"));
        Http realBob = Http.get(TestTls.client(bob, root.certificate()), server.uri("/collision/admin/x"));
        assertEquals(200, realBob.status(), realBob.body());
        assertEquals("bob@example.org", realBob.line("user"));
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
        ReloadingGate gate = gate("/regex");
        CertGate current = gate.current();

        long start = current.rules().regexSteps();
        try (KeepAliveConnection c = new KeepAliveConnection(TestTls.context(longSan, root.certificate()), server.port())) {
            assertEquals(403, c.get("/regex/admin/x").status());
            long once = current.rules().regexSteps();
            assertTrue(once - start < longUri.length(), "the long value was not read: " + (once - start) + " steps");
            for (int i = 0; i < 4; i++) {
                Http user = Http.of(c.get("/regex/user/x"));
                assertEquals(200, user.status(), "authenticated, without the role");
                assertEquals("false", user.line("admin"));
                assertEquals(403, c.get("/regex/admin/x").status());
            }
            assertEquals(9, c.requests());
            assertEquals(once, current.rules().regexSteps(), "nine requests, one evaluation");
        }

        long refusedBefore = gate.statistics().denied(DenialReason.RULE_LIMIT);
        start = current.rules().regexSteps();
        try (KeepAliveConnection c = new KeepAliveConnection(TestTls.context(backtracking, root.certificate()), server.port())) {
            assertEquals(401, c.get("/regex/user/x").status());
            long once = current.rules().regexSteps();
            assertTrue(once > start, "the common name was tried");
            for (int i = 0; i < 4; i++) {
                assertEquals(401, c.get("/regex/user/x").status());
                assertEquals(401, c.get("/regex/admin/x").status());
            }
            assertEquals(9, c.requests());
            assertEquals(once, current.rules().regexSteps(), "nine requests, one evaluation");
        }
        assertEquals(refusedBefore + 9, gate.statistics().denied(DenialReason.RULE_LIMIT), "every request refused");
        assertEquals(current, gate.current(), "the same rules decided every request");
    }

    @Test
    void aCommonNameOfTwentyEightThousandCharactersWritesABoundedAuditRecord() throws Exception {
        String huge = "a".repeat(28_000);
        TestCertificate client = client("CN=" + huge).signedBy(root).build();
        audit.clear();
        Http r = Http.get(TestTls.client(client, root.certificate()), server.uri("/audit/admin/x"));
        assertEquals(200, r.status());
        assertEquals(huge, r.line("user"), "the decision keeps the whole name");

        String rules = Path.of(apps.get("/audit").getDocBase()).resolve("WEB-INF/certgate.rules").toString();
        List<String> records = audit.stream().filter(a -> a.contains("rules=\"" + rules + "\"")).toList();
        assertEquals(1, records.size(), audit.toString());
        String record = records.get(0);
        assertTrue(record.contains(" principal=\"" + "a".repeat(AuditRecord.MAX_FIELD_CHARS) + "\u2026(sha256="
                + sha256(huge) + ")\""), record);
        assertTrue(record.contains(" subject=\"CN=" + "a".repeat(AuditRecord.MAX_FIELD_CHARS - 3) + "\u2026(sha256="
                + sha256("CN=" + huge) + ")\""), record);
        assertTrue(record.length() < 3 * (AuditRecord.MAX_FIELD_CHARS + 80) + 1024, "written length " + record.length());
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
