package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CertGateRealm in web applications' {@code META-INF/context.xml}, behind Tomcat's stock {@code SSLAuthenticator},
 * over real TLS with certificates made for the run.
 */
class CertGateRealmIT {
    static final String RULES = """
            role admin when subject.cn = "alice" and issuer = "CN=certgate test root"
            role user  when subject.o = "Example"
            """;
    static final String REALM = "<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mode=\"off\"/>";

    static TestCertificate root;
    static TestCertificate otherRoot;
    static TestCertificate alice;
    static TestCertificate bob;
    static TestCertificate carol;
    static TestCertificate aliceFromOtherRoot;
    static EmbeddedTomcat server;
    static LogCapture log;
    static Context broken;
    static Context noRules;
    static Context badAttribute;
    static Context dotDot;
    static Context weakened;
    static Path defaultRules;
    static Path stockUsers;

    @BeforeAll
    static void start() throws Exception {
        root = TestCertificate.builder().subject("CN=certgate test root").ca(1).build();
        otherRoot = TestCertificate.builder().subject("CN=another trusted root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Example").clientAuth().signedBy(root).build();
        carol = TestCertificate.builder().subject("CN=carol,O=Elsewhere").clientAuth().signedBy(root).build();
        aliceFromOtherRoot = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(otherRoot).build();
        log = LogCapture.of(ContextGates.class);
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate(), otherRoot.certificate());
        // In a folder of its own: the shared temporary folder is writable by every user, so certgate refuses files in it.
        defaultRules = Files.createTempDirectory("certgate-default-").resolve("default.rules");
        Files.writeString(defaultRules, "role admin when subject.cn = \"bob\"\n", StandardCharsets.UTF_8);

        server.add("/app", TestWebApp.builder().rules(RULES).contextXml(REALM));
        server.add("/defaulted", TestWebApp.builder().withoutContextParam().contextXml(
                "<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mode=\"off\" rules=\"" + defaultRules + "\"/>"));
        stockUsers = Files.createTempFile("tomcat-users-", ".xml");
        Files.writeString(stockUsers, "<tomcat-users><user username=\"CN=alice, O=Example\" password=\"unused\" roles=\"admin\"/></tomcat-users>\n");
        server.add("/stock", TestWebApp.builder().withoutContextParam()
                .contextXml("<Realm className=\"org.apache.catalina.realm.MemoryRealm\" pathname=\"" + stockUsers + "\"/>"));
        server.start();
        // Deployed into the running server, as Tomcat's deployer does: a failed start is reported, not thrown at startup.
        broken = deployRefused("/broken", TestWebApp.builder()
                .rules("role admin when subject.cn = \"alice\"\nrole ops when subject.ou matches spiffe\n").contextXml(REALM));
        noRules = deployRefused("/norules", TestWebApp.builder().withoutContextParam().contextXml(REALM));
        badAttribute = deployRefused("/badattribute", TestWebApp.builder().rules(RULES)
                .contextXml("<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mod=\"off\"/>"));
        dotDot = deployRefused("/dotdot", TestWebApp.builder().rules(RULES).withoutContextParam().contextXml(
                "<Parameter name=\"certgate.rules\" value=\"/WEB-INF/../WEB-INF/certgate.rules\" override=\"false\"/>" + REALM));
        weakened = deployRefused("/weakened", TestWebApp.builder().rules("role admin when true\nrevocation.mode = off\n")
                .contextXml("<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.forbid-weakening=\"true\""
                        + " revocation.mode=\"crl\"/>"));
    }

    private static Context deployRefused(String path, TestWebApp app) {
        try {
            return server.add(path, app);
        } catch (IllegalStateException expected) {
            return (Context) server.tomcat().getHost().findChild(path);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        log.close();
        server.close();
        Files.deleteIfExists(defaultRules);
        Files.deleteIfExists(defaultRules.getParent());
        Files.deleteIfExists(stockUsers);
    }

    private static HttpClient as(TestCertificate client) {
        return TestTls.client(client, root.certificate());
    }

    @Test
    void aClientWithTheRoleIsLetInWithItsPrincipalAndRoles() {
        Http r = Http.get(as(alice), server.uri("/app/admin/x"));
        assertEquals(200, r.status(), r.body());
        assertEquals("CN=alice,O=Example", r.line("user"));
        assertEquals("CN=alice,O=Example", r.line("principal"));
        assertEquals("true", r.line("admin"));
        assertEquals("true", r.line("user-role"));
        assertEquals("authenticated", r.line("outcome"));
        assertEquals("[admin, user]", r.line("roles"));
    }

    @Test
    void aClientWithoutTheRoleGets403AndItsOwnPathsStillWork() {
        assertEquals(403, Http.get(as(bob), server.uri("/app/admin/x")).status());
        Http user = Http.get(as(bob), server.uri("/app/user/x"));
        assertEquals(200, user.status(), user.body());
        assertEquals("false", user.line("admin"));
        assertEquals("true", user.line("user-role"));
    }

    @Test
    void aCertificateMatchingNoRuleIsRefusedOnConstrainedPathsOnly() {
        assertEquals(403, Http.get(as(carol), server.uri("/app/user/x")).status());
        assertEquals(403, Http.get(as(carol), server.uri("/app/admin/x")).status());
        assertEquals(200, Http.get(as(carol), server.uri("/app/open/x")).status());
        assertEquals(200, Http.get(as(carol), server.uri("/app/public.html")).status());
    }

    @Test
    void noCertificateGets401OnConstrainedPathsAndUnconstrainedPathsWork() {
        Http refused = Http.get(as(null), server.uri("/app/admin/x"));
        assertEquals(401, refused.status());
        assertTrue(!refused.body().contains("Exception") && !refused.body().contains("\tat "), refused.body());
        Http open = Http.get(as(null), server.uri("/app/open/x"));
        assertEquals(200, open.status());
        assertEquals("null", open.line("user"));
        assertEquals("<p>public</p>\n", Http.get(as(null), server.uri("/app/public.html")).body());
    }

    @Test
    void theSameSubjectFromAnotherTrustedRootDoesNotGetTheIssuerPinnedRole() {
        Http r = Http.get(TestTls.client(aliceFromOtherRoot, root.certificate()), server.uri("/app/user/x"));
        assertEquals(200, r.status(), "the subject rule still matches: " + r.body());
        assertEquals("false", r.line("admin"));
        assertEquals(403, Http.get(TestTls.client(aliceFromOtherRoot, root.certificate()), server.uri("/app/admin/x")).status());
    }

    /** What docs/security.md warns of: Tomcat's stock realms name a client by its subject DN alone. */
    @Test
    void aStockRealmGivesTheSameSubjectFromAnotherTrustedRootTheSameRoles() {
        assertEquals(200, Http.get(as(alice), server.uri("/stock/admin/x")).status());
        Http impostor = Http.get(TestTls.client(aliceFromOtherRoot, root.certificate()), server.uri("/stock/admin/x"));
        assertEquals(200, impostor.status(), impostor.body());
        assertEquals("true", impostor.line("admin"));
    }

    @Test
    void aWebApplicationWithoutTheContextParamUsesTheRealmsRules() {
        assertEquals(200, Http.get(as(bob), server.uri("/defaulted/admin/x")).status());
        assertEquals(403, Http.get(as(alice), server.uri("/defaulted/admin/x")).status());
    }

    @Test
    void aBrokenRulesFileStopsOnlyItsWebApplicationAndTheLogNamesFileLineAndColumn() {
        assertTrue(!broken.getState().isAvailable(), broken.getState().toString());
        assertEquals(404, Http.get(as(alice), server.uri("/broken/admin/x")).status());
        assertTrue(log.all().matches("(?s).*/broken/WEB-INF/certgate\\.rules:2:\\d+: .*"), log.all());
        assertEquals(200, Http.get(as(alice), server.uri("/app/admin/x")).status());
    }

    @Test
    void aWebApplicationWithNeitherContextParamNorRealmRulesIsNotStarted() {
        assertTrue(!noRules.getState().isAvailable(), noRules.getState().toString());
        assertEquals(404, Http.get(as(alice), server.uri("/norules/admin/x")).status());
        assertTrue(log.all().contains("/norules: no rules: set the context-param certgate.rules"), log.all());
    }

    @Test
    void anUnknownRealmAttributeStopsTheWebApplication() {
        assertTrue(!badAttribute.getState().isAvailable(), badAttribute.getState().toString());
        assertEquals(404, Http.get(as(alice), server.uri("/badattribute/admin/x")).status());
    }

    @Test
    void aRulesLocationWithADotDotSegmentStopsTheWebApplication() {
        assertTrue(!dotDot.getState().isAvailable(), dotDot.getState().toString());
        assertEquals(404, Http.get(as(alice), server.uri("/dotdot/admin/x")).status());
        assertTrue(log.all().contains("certgate.rules = '/WEB-INF/../WEB-INF/certgate.rules' is not a normal path: it has a"
                + " '..' segment"), log.all());
    }

    @Test
    void aRulesFileBelowTheRealmsRevocationFloorStopsTheWebApplication() {
        assertTrue(!weakened.getState().isAvailable(), weakened.getState().toString());
        assertEquals(404, Http.get(as(alice), server.uri("/weakened/admin/x")).status());
        assertTrue(log.all().matches("(?s).*/weakened/WEB-INF/certgate\\.rules:2:19: revocation\\.mode = off weakens revocation"
                + " below the container's floor \\(revocation\\.forbid-weakening = true\\): the container has revocation\\.mode = crl.*"),
                log.all());
    }

    @Test
    void passwordDigestAndGssLoginsFindNoOne() {
        CertGateRealm realm = new CertGateRealm();
        assertNull(realm.authenticate("CN=alice,O=Example"));
        assertNull(realm.authenticate("CN=alice,O=Example", "secret"));
        assertNull(realm.authenticate("alice", "digest", "nonce", "1", "cnonce", "auth", "certgate", "a2", "MD5"));
        assertNull(realm.authenticate(null, false));
        assertNull(realm.authenticate(null, (org.ietf.jgss.GSSCredential) null));
    }
}
