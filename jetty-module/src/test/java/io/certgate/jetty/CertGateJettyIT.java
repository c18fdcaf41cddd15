package io.certgate.jetty;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.management.ObjectNames;
import io.certgate.core.testing.CertgateThreads;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.OpensslOcspResponder;
import io.certgate.core.testing.Prerequisites;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real TLS from the JDK's HttpClient to an embedded Jetty whose ee10 web applications are protected by certgate. */
class CertGateJettyIT {
    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate otherRoot;
    static TestCertificate server;
    static TestCertificate alice;
    static TestCertificate bob;
    static TestCertificate aliceFromOtherCa;

    static final String ISSUER = "CN=Test Issuing CA, O=certgate tests";
    /** Rules without revocation settings: the default (OCSP then CRL) refuses certificates that name no source. */
    static final String GRANTS = """
            principal = subject.cn
            role admin  when subject.cn = "alice" and issuer = "%s"
            role reader when issuer = "%s"
            """.formatted(ISSUER, ISSUER);
    static final String RULES = GRANTS + "revocation.mode = off\n";

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=Test Root CA, O=certgate tests").ca(1).build();
        issuing = TestCertificate.builder().subject(ISSUER).ca(0).signedBy(root).build();
        otherRoot = TestCertificate.builder().subject("CN=Other Root CA, O=elsewhere").ca(0).build();
        server = TestTls.localhost(root);
        alice = TestCertificate.builder().subject("CN=alice, O=certgate tests").clientAuth().signedBy(issuing).build();
        bob = TestCertificate.builder().subject("CN=bob, O=certgate tests").clientAuth().signedBy(issuing).build();
        aliceFromOtherCa = TestCertificate.builder().subject("CN=alice, O=certgate tests").clientAuth().signedBy(otherRoot).build();
    }

    TestJetty jetty(ContainerSettings settings, Map<String, String> apps) throws Exception {
        TestJetty jetty = new TestJetty(server, false, settings, root.certificate(), otherRoot.certificate());
        for (Map.Entry<String, String> app : apps.entrySet()) {
            jetty.webApp(app.getKey(), TestWebApp.write(dir.resolve("app" + app.getKey().replace('/', '-')), app.getValue()));
        }
        return jetty.start();
    }

    static Map<String, String> answer(HttpResponse<String> response) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAllowedClientGetsItsPrincipalAndRolesInsideTheApplication() throws Exception {
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            HttpResponse<String> r = get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/page?roles=admin,reader,payments"));
            assertEquals(200, r.statusCode(), r.body());
            Map<String, String> a = answer(r);
            assertEquals("alice", a.get("principal"));
            assertEquals("alice", a.get("remoteUser"));
            assertEquals("CLIENT_CERT", a.get("authType"));
            assertEquals("true", a.get("inRole.admin"));
            assertEquals("true", a.get("inRole.reader"));
            assertEquals("false", a.get("inRole.payments"));
            assertEquals("authenticated", a.get("io.certgate.outcome"));
            assertEquals("[admin, reader]", a.get("io.certgate.roles"));
        }
    }

    @Test
    void aClientWithoutTheRoleIsRefusedOnConstrainedPathsOnly() throws Exception {
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            HttpClient client = TestTls.client(bob, root.certificate());
            assertEquals(403, get(client, jetty.uri("/app/admin/page")).statusCode());
            HttpResponse<String> any = get(client, jetty.uri("/app/any/page"));
            assertEquals(200, any.statusCode());
            assertEquals("bob", answer(any).get("principal"));
            HttpResponse<String> open = get(client, jetty.uri("/app/public"));
            assertEquals(200, open.statusCode());
            assertEquals("bob", answer(open).get("principal"), "an unconstrained page still learns who the client is");
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedOnConstrainedPathsAndServedElsewhere() throws Exception {
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            HttpClient anonymous = TestTls.client(null, root.certificate());
            HttpResponse<String> admin = get(anonymous, jetty.uri("/app/admin/page"));
            assertEquals(403, admin.statusCode());
            assertFalse(admin.body().contains("Exception"), admin.body());
            assertEquals(403, get(anonymous, jetty.uri("/app/any/page")).statusCode());
            HttpResponse<String> open = get(anonymous, jetty.uri("/app/public"));
            assertEquals(200, open.statusCode());
            assertEquals("", answer(open).get("principal"));
            assertEquals("NO_CERTIFICATE", answer(open).get("io.certgate.denial-reason"));
        }
    }

    @Test
    void theSameSubjectFromAnotherTrustedCaDoesNotGetTheRoles() throws Exception {
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            HttpClient client = TestTls.client(aliceFromOtherCa, root.certificate());
            assertEquals(403, get(client, jetty.uri("/app/admin/page")).statusCode());
            HttpResponse<String> any = get(client, jetty.uri("/app/any/page"));
            assertEquals(200, any.statusCode(), "authenticated, but with no roles");
            assertEquals("[]", answer(any).get("io.certgate.roles"));
        }
    }

    @Test
    void aClientCertificateWithAnUnknownCriticalExtensionIsRejectedInTheHandshakeBeforeCertgate() throws Exception {
        TestCertificate marked = TestCertificate.builder().subject("CN=alice, O=certgate tests").clientAuth()
                .extension("1.3.6.1.4.1.55555.1", true, new byte[] {0x05, 0x00}).signedBy(issuing).build();
        List<String> audited = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                audited.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger(io.certgate.core.CertGate.AUDIT_LOGGER);
        audit.addHandler(capture);
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            IOException refused = assertThrows(IOException.class,
                    () -> get(TestTls.client(marked, root.certificate()), jetty.uri("/app/admin/page")));
            assertEquals(List.of(), audited, "the TLS stack refused the chain; certgate decided nothing: " + refused);
            assertEquals(200, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/page")).statusCode());
            assertEquals(1, audited.size(), "the same connector still serves a certificate without the extension");
        } finally {
            audit.removeHandler(capture);
        }
    }

    @Test
    void twoWebApplicationsApplyTheirOwnRules() throws Exception {
        String bobIsAdmin = "principal = subject.cn\nrole admin when subject.cn = \"bob\"\nrevocation.mode = off\n";
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/a", RULES, "/b", bobIsAdmin))) {
            HttpClient asAlice = TestTls.client(alice, root.certificate());
            HttpClient asBob = TestTls.client(bob, root.certificate());
            assertEquals(200, get(asAlice, jetty.uri("/a/admin/x")).statusCode());
            assertEquals(403, get(asAlice, jetty.uri("/b/admin/x")).statusCode());
            assertEquals(403, get(asBob, jetty.uri("/a/admin/x")).statusCode());
            assertEquals(200, get(asBob, jetty.uri("/b/admin/x")).statusCode());
        }
    }

    @Test
    void aBrokenRulesFileStopsOnlyItsWebApplicationWithFileLineAndColumn() throws Exception {
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/good", RULES, "/broken", "role admin when subject.cn = \n"))) {
            HttpClient client = TestTls.client(alice, root.certificate());
            assertEquals(200, get(client, jetty.uri("/good/admin/x")).statusCode());
            assertEquals(503, get(client, jetty.uri("/broken/admin/x")).statusCode());
            Throwable failure = jetty.app("/broken").getUnavailableException();
            assertInstanceOf(IllegalStateException.class, failure);
            String file = dir.resolve("app-broken/WEB-INF/certgate.rules").toString();
            assertTrue(failure.getMessage().contains(file + ":1:"), failure.getMessage());
        }
    }

    /** A trust-all connector would hand certgate a self-signed certificate with any name as the client's. */
    @Test
    void aConnectorThatTrustsAllClientCertificatesStopsTheApplication() throws Exception {
        TestCertificate anyone = TestCertificate.builder().subject("CN=anyone's root").ca(1).build();
        TestCertificate mallory = TestCertificate.builder().subject("CN=alice, O=certgate tests").clientAuth().signedBy(anyone).build();
        try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate()).trustAll()
                .webApp("/app", TestWebApp.write(dir.resolve("trustall"), RULES)).start()) {
            assertEquals(503, get(TestTls.client(mallory, root.certificate()), jetty.uri("/app/admin/x")).statusCode());
            String message = jetty.app("/app").getUnavailableException().getMessage();
            assertTrue(message.contains("cannot start: client certificates reach /app unverified through oejs.ServerConnector@"), message);
            assertTrue(message.contains("(SslContextFactory trustAll=true)"), message);
        }
    }

    @Test
    void aRulesLocationWithADotDotSegmentStopsTheWebApplication() throws Exception {
        Path app = TestWebApp.write(dir.resolve("dotdot"), RULES);
        Path webXml = app.resolve("WEB-INF/web.xml");
        java.nio.file.Files.writeString(webXml, java.nio.file.Files.readString(webXml).replace(
                "<param-value>/WEB-INF/certgate.rules<", "<param-value>/WEB-INF/../WEB-INF/certgate.rules<"));
        try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate())
                .webApp("/app", app).start()) {
            assertEquals(503, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/x")).statusCode());
            Throwable failure = jetty.app("/app").getUnavailableException();
            assertTrue(failure.getMessage().contains("certgate.rules = '/WEB-INF/../WEB-INF/certgate.rules' is not a normal"
                    + " path: it has a '..' segment"), failure.getMessage());
        }
    }

    @Test
    void aRulesFileBelowTheServersRevocationFloorStopsItsWebApplication() throws Exception {
        ContainerSettings floor = new ContainerSettings();
        floor.set("revocation.forbid-weakening", "true");
        floor.set("revocation.mode", "crl");
        try (TestJetty jetty = jetty(floor, Map.of("/weak", RULES))) {
            assertEquals(503, get(TestTls.client(alice, root.certificate()), jetty.uri("/weak/admin/x")).statusCode());
            Throwable failure = jetty.app("/weak").getUnavailableException();
            String file = dir.resolve("app-weak/WEB-INF/certgate.rules").toString();
            assertTrue(failure.getMessage().contains(file + ":" + RULES.lines().count() + ":19: revocation.mode = off weakens"
                    + " revocation below the container's floor (revocation.forbid-weakening = true): the container has"
                    + " revocation.mode = crl"), failure.getMessage());
        }
    }

    @Test
    void aWebApplicationWithoutRulesFallsBackToTheServerDefaultOrFailsToStart() throws Exception {
        Path shared = java.nio.file.Files.writeString(dir.resolve("shared.rules"), RULES);
        ContainerSettings withDefault = new ContainerSettings();
        withDefault.setRules(shared.toString());
        try (TestJetty jetty = new TestJetty(server, false, withDefault, root.certificate())
                .webApp("/app", TestWebApp.write(dir.resolve("fallback"), null)).start()) {
            assertEquals(200, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/x")).statusCode());
        }
        try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate())
                .webApp("/app", TestWebApp.write(dir.resolve("norules"), null)).start()) {
            assertEquals(503, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/x")).statusCode());
            assertTrue(jetty.app("/app").getUnavailableException().getMessage()
                    .contains("/app: no rules: set the context-param certgate.rules"), jetty.app("/app").getUnavailableException().getMessage());
        }
    }

    @Test
    void revocationThroughARealOcspResponderIsEnforced() throws Exception {
        Prerequisites.require(OpensslOcspResponder.available(), "openssl on the PATH");
        try (OpensslOcspResponder ocsp = OpensslOcspResponder.builder(issuing).start()) {
            TestCertificate good = client("good", ocsp.uri());
            TestCertificate revoked = client("revoked", ocsp.uri());
            ocsp.good(good.certificate()).revoke(revoked.certificate(), Instant.now().minusSeconds(60), "keyCompromise");
            String rules = GRANTS + "revocation.mode = ocsp\n";
            try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", rules))) {
                HttpResponse<String> ok = get(TestTls.client(good, root.certificate()), jetty.uri("/app/any/x"));
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("GOOD ocsp", answer(ok).get("io.certgate.revocation"));
                HttpClient asRevoked = TestTls.client(revoked, root.certificate());
                assertEquals(403, get(asRevoked, jetty.uri("/app/any/x")).statusCode());
                assertEquals("REVOKED", answer(get(asRevoked, jetty.uri("/app/public"))).get("io.certgate.denial-reason"));
            }
        }
    }

    @Test
    void anUnreachableResponderDeniesUnderDenyAndAdmitsUnderAllow() throws Exception {
        URI dead = deadPort();
        TestCertificate client = client("unreachable", dead);
        String deny = GRANTS + "revocation.mode = ocsp\nrevocation.timeout = 2s\n";
        String allow = deny + "revocation.on-unknown = allow\n";
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/deny", deny, "/allow", allow))) {
            HttpClient c = TestTls.client(client, root.certificate());
            assertEquals(403, get(c, jetty.uri("/deny/any/x")).statusCode());
            assertEquals("REVOCATION_UNKNOWN", answer(get(c, jetty.uri("/deny/public"))).get("io.certgate.denial-reason"));
            HttpResponse<String> allowed = get(c, jetty.uri("/allow/any/x"));
            assertEquals(200, allowed.statusCode());
            assertTrue(answer(allowed).get("io.certgate.revocation").startsWith("UNKNOWN"), allowed.body());
        }
    }

    @Test
    void aCertificateRevokedWhileItsConnectionAndSessionStayOpenIsRefusedOnTheNextRefresh() throws Exception {
        Prerequisites.require(OpensslOcspResponder.available(), "openssl on the PATH");
        Duration refresh = Duration.ofSeconds(2);
        try (OpensslOcspResponder ocsp = OpensslOcspResponder.builder(issuing).start()) {
            TestCertificate carol = client("carol", ocsp.uri());
            ocsp.good(carol.certificate());
            String rules = GRANTS + "revocation.mode = ocsp\nrevocation.cache.max-ttl = " + refresh.toSeconds() + "s\n";
            // The web application judges time by a clock the test moves past one refresh interval: the cached
            // answer then expires and the next request fetches the revocation, an event of the test, not a wait.
            MutableClock clock = new MutableClock(Instant.now());
            ContainerSettings settings = new ContainerSettings();
            settings.setClock(clock);
            try (TestJetty jetty = jetty(settings, Map.of("/app", rules))) {
                HttpClient kept = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(TestTls.context(carol, root.certificate())).cookieHandler(new CookieManager()).build();
                HttpResponse<String> first = get(kept, jetty.uri("/app/any/x?session"));
                assertEquals(200, first.statusCode());
                assertTrue(first.headers().firstValue("set-cookie").orElse("").startsWith("JSESSIONID"), "an HTTP session is open");

                ocsp.revoke(carol.certificate(), Instant.now().minusSeconds(1), "keyCompromise");
                // Within one refresh interval of the gate's clock, however long the requests take on the machine.
                clock.advance(refresh);
                assertEquals(403, get(kept, jetty.uri("/app/any/x")).statusCode(), "refused on the same connection and session");
                assertEquals("REVOKED", answer(get(kept, jetty.uri("/app/public"))).get("io.certgate.denial-reason"));
            }
        }
    }

    @Test
    void aChangedRulesFileIsPickedUpWithoutARestartAndABrokenOneLeavesTheLastGoodInForce() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        ContainerSettings settings = new ContainerSettings();
        settings.setClock(clock);
        String onlyReaders = """
                principal = subject.cn
                role reader when issuer = "%s"
                revocation.mode = off
                """.formatted(ISSUER);
        try (TestJetty jetty = jetty(settings, Map.of("/app", onlyReaders))) {
            Path rules = dir.resolve("app-app/WEB-INF/certgate.rules");
            HttpClient client = TestTls.client(alice, root.certificate());
            assertEquals(403, get(client, jetty.uri("/app/admin/page")).statusCode());

            replace(rules, RULES);
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(200, get(client, jetty.uri("/app/admin/page")).statusCode(), "the new rules grant admin");

            replace(rules, "principal = subject.cn\nrole admin when subject.cn = \"alice\" and\n");
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(200, get(client, jetty.uri("/app/admin/page")).statusCode(), "a broken file changes nothing");

            replace(rules, onlyReaders);
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(403, get(client, jetty.uri("/app/admin/page")).statusCode(), "fixed again, picked up");
        }
    }

    @Test
    void eachWebApplicationHasAJmxBeanWithItsCountsWhileItRuns() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = ObjectNames.webApplication("jetty", "authenticator", null, "/app");
        try (TestJetty jetty = jetty(new ContainerSettings(), Map.of("/app", RULES))) {
            assertEquals(200, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/page")).statusCode());
            assertEquals(403, get(TestTls.client(bob, root.certificate()), jetty.uri("/app/admin/page")).statusCode());
            assertEquals(403, get(TestTls.client(null, root.certificate()), jetty.uri("/app/admin/page")).statusCode());

            assertEquals(3L, jmx.getAttribute(name, "Decisions"));
            assertEquals(2L, jmx.getAttribute(name, "Authenticated"), "bob is authenticated; only his role is missing");
            assertEquals(1L, jmx.getAttribute(name, "Denied"));
            TabularData denials = (TabularData) jmx.getAttribute(name, "Denials");
            assertEquals(1L, denials.get(new Object[] {"NO_CERTIFICATE"}).get("value"));
            assertEquals(0L, denials.get(new Object[] {"NO_PRINCIPAL"}).get("value"));
            assertEquals(dir.resolve("app-app/WEB-INF/certgate.rules").toString(), jmx.getAttribute(name, "Rules"));
            assertEquals("LOADED", jmx.getAttribute(name, "LastReloadResult"));

            jetty.app("/app").stop();
            assertFalse(jmx.isRegistered(name), "gone with its stopped web application");
            jetty.app("/app").start();
            assertTrue(jmx.isRegistered(name), "back when it starts again");
            assertEquals(200, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/page")).statusCode());
            assertEquals(1L, jmx.getAttribute(name, "Decisions"), "web.xml is read again: a new authenticator and gate");
        }
        assertFalse(jmx.isRegistered(name), "gone with the stopped server");
        assertEquals(Set.of(), jmx.queryNames(ObjectNames.ALL_WEB_APPLICATIONS, null));
    }

    @Test
    void webApplicationsAtOnePathOnTwoVirtualHostsHaveTheirOwnBeans() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        String bobIsAdmin = "principal = subject.cn\nrole admin when subject.cn = \"bob\"\nrevocation.mode = off\n";
        try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate())
                .webApp("/app", TestWebApp.write(dir.resolve("local"), RULES), "localhost")
                .webApp("/app", TestWebApp.write(dir.resolve("other"), bobIsAdmin), "other.example")
                .start()) {
            ObjectName local = ObjectNames.webApplication("jetty", "authenticator", "localhost", "/app");
            ObjectName other = ObjectNames.webApplication("jetty", "authenticator", "other.example", "/app");
            assertEquals(Set.of(local, other), jmx.queryNames(ObjectNames.ALL_WEB_APPLICATIONS, null));
            assertEquals(200, get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/page")).statusCode());
            assertEquals(1L, jmx.getAttribute(local, "Authenticated"));
            assertEquals(0L, jmx.getAttribute(other, "Decisions"));
        }
        assertEquals(Set.of(), jmx.queryNames(ObjectNames.ALL_WEB_APPLICATIONS, null));
    }

    /** Replaces a file in one step, as the documentation asks editors of a live rules file to do. */
    /**
     * A revoked client sends, after its leaf, a look-alike of its issuing CA (same subject and key identifier, the
     * attacker's key, from a root nobody trusts). The connector trusts the issuing CA, so the JDK's own path building
     * ignores the look-alike and the handshake succeeds; certgate must not take it as the issuer either, or the
     * real responder's REVOKED would fail to validate and become UNKNOWN, which {@code allow} lets in.
     */
    @Test
    void aRevokedClientPresentingALookAlikeOfItsIssuerIsRefused() throws Exception {
        byte[] wrapped = issuing.certificate().getExtensionValue("2.5.29.14");
        TestCertificate attackerRoot = TestCertificate.builder().subject("CN=Attacker Root").ca(1).build();
        TestCertificate lookAlike = TestCertificate.builder().subject(ISSUER).ca(0)
                .extension("2.5.29.14", false, java.util.Arrays.copyOfRange(wrapped, 2, wrapped.length))
                .signedBy(attackerRoot).build();
        try (TestOcspResponder ocsp = TestOcspResponder.start(issuing, java.time.Clock.systemUTC())) {
            TestCertificate mallory = client("mallory", ocsp.uri());
            ocsp.revoke(mallory.certificate(), Instant.now().minusSeconds(60), "keyCompromise");
            Path app = TestWebApp.write(dir.resolve("app-lookalike"), GRANTS + "revocation.mode = ocsp\n"
                    + "revocation.on-unknown = allow\nrevocation.issuers = issuers.pem\n");
            java.nio.file.Files.writeString(app.resolve("WEB-INF/issuers.pem"), issuing.certificatePem());
            try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate(),
                    issuing.certificate()).webApp("/app", app).start()) {
                for (List<java.security.cert.X509Certificate> presented : List.of(
                        List.of(mallory.certificate(), lookAlike.certificate()),
                        List.of(mallory.certificate(), lookAlike.certificate(), attackerRoot.certificate()))) {
                    HttpClient c = TestTls.clientPresenting(mallory, presented, root.certificate());
                    assertEquals(403, get(c, jetty.uri("/app/any/x")).statusCode());
                    assertEquals("REVOKED", answer(get(c, jetty.uri("/app/public"))).get("io.certgate.denial-reason"));
                }
            }
        }
    }

    @Test
    void trustAnchorsRefuseAChainFromACaTheConnectorTrustsButTheRulesDoNot() throws Exception {
        Path app = TestWebApp.write(dir.resolve("app-anchored"), RULES + "trust.anchors = anchors.pem\n");
        java.nio.file.Files.writeString(app.resolve("WEB-INF/anchors.pem"), root.certificatePem());
        try (TestJetty jetty = new TestJetty(server, false, new ContainerSettings(), root.certificate(),
                otherRoot.certificate()).webApp("/app", app).start()) {
            HttpResponse<String> ok = get(TestTls.client(alice, root.certificate()), jetty.uri("/app/admin/x"));
            assertEquals(200, ok.statusCode(), ok.body());
            HttpClient other = TestTls.client(aliceFromOtherCa, root.certificate());
            assertEquals(403, get(other, jetty.uri("/app/any/x")).statusCode());
            assertEquals("UNTRUSTED_CHAIN", answer(get(other, jetty.uri("/app/public"))).get("io.certgate.denial-reason"));
        }
    }

    static void replace(Path file, String content) throws IOException {
        Path next = java.nio.file.Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content);
        java.nio.file.Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void noCertgateThreadOutlivesTheServerAfterARefreshAhead() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestOcspResponder ocsp = TestOcspResponder.start(issuing, clock)) {
            TestCertificate dave = client("dave", ocsp.uri());
            ocsp.good(dave.certificate());
            ContainerSettings settings = new ContainerSettings();
            settings.setClock(clock);
            TestJetty jetty = jetty(settings, Map.of("/app", GRANTS + "revocation.mode = ocsp\n"));
            try {
                HttpClient c = TestTls.client(dave, root.certificate());
                assertEquals(200, get(c, jetty.uri("/app/any/x")).statusCode());
                // Past three quarters of the answer's hour: this request is answered from the cache and refreshes it.
                clock.advance(Duration.ofMinutes(50));
                assertEquals(200, get(c, jetty.uri("/app/any/x")).statusCode());
                ocsp.awaitRequests(2, Duration.ofSeconds(60));
                assertTrue(CertgateThreads.any("certgate-refresh-"), CertgateThreads.alive().toString());
                assertTrue(CertgateThreads.any("certgate-http-"), CertgateThreads.alive().toString());
            } finally {
                jetty.close();
            }
            assertEquals(List.of(), CertgateThreads.alive(), "certgate threads after the server stopped");
        }
    }

    static TestCertificate client(String cn, URI ocsp) {
        return TestCertificate.builder().subject("CN=" + cn + ", O=certgate tests").clientAuth()
                .ocspResponder(ocsp.toString()).signedBy(issuing).build();
    }

    static URI deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
        }
    }
}
