package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.apache.catalina.realm.LockOutRealm;
import org.apache.catalina.realm.MemoryRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where CertGateRealm can sit in a Tomcat that has realms of its own, as the stock {@code server.xml} has (a
 * {@code LockOutRealm} around a user database in the Engine): on the Host it serves the {@code CLIENT-CERT} web
 * applications and leaves the others to the Engine's realm; nested inside a {@code LockOutRealm} or
 * {@code CombinedRealm}, or displaced by another realm, it stops the {@code CLIENT-CERT} applications it cannot serve
 * with a message that says where to put it, instead of refusing every client in silence.
 */
class RealmPlacementIT {
    static TestCertificate root;
    static TestCertificate alice;
    static EmbeddedTomcat server;
    static LogCapture log;
    static Path users;
    static Context lockOut;
    static Context combined;

    @BeforeAll
    static void start() throws Exception {
        root = TestCertificate.builder().subject("CN=certgate test root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        log = LogCapture.of(ContextGates.class);
        users = Files.createTempFile("tomcat-users-", ".xml");
        Files.writeString(users, "<tomcat-users><user username=\"mallory\" password=\"secret\" roles=\"admin,user\"/></tomcat-users>\n");
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
        server.tomcat().getEngine().setRealm(stockEngineRealm());
        CertGateRealm realm = new CertGateRealm();
        realm.setProperty("revocation.mode", "off");
        server.tomcat().getHost().setRealm(realm);
        server.add("/cert", TestWebApp.builder().rules(CertGateRealmIT.RULES));
        server.add("/basic", TestWebApp.builder().withoutContextParam().authMethod("BASIC"));
        server.add("/open", TestWebApp.builder().withoutContextParam().withoutSecurity());
        server.start();
        lockOut = deployRefused("/lockout", "org.apache.catalina.realm.LockOutRealm");
        combined = deployRefused("/combined", "org.apache.catalina.realm.CombinedRealm");
    }

    /** As the stock server.xml's Engine: a LockOutRealm around a user database. */
    static LockOutRealm stockEngineRealm() {
        MemoryRealm database = new MemoryRealm();
        database.setPathname(users.toString());
        LockOutRealm lockOutRealm = new LockOutRealm();
        lockOutRealm.addRealm(database);
        return lockOutRealm;
    }

    static Context deployRefused(String path, String wrapper) {
        TestWebApp app = TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml("<Realm className=\"" + wrapper + "\">"
                + CertGateRealmIT.REALM + "</Realm>");
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
        Files.deleteIfExists(users);
    }

    static Http basic(String path, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return LoginPathsIT.send(TestTls.client(null, root.certificate()),
                HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Basic " + credentials));
    }

    @Test
    void onTheHostItServesTheClientCertApplications() {
        HttpClient asAlice = TestTls.client(alice, root.certificate());
        Http admin = Http.get(asAlice, server.uri("/cert/admin/x"));
        assertEquals(200, admin.status(), admin.body());
        assertEquals("CN=alice,O=Example", admin.line("user"));
        assertEquals(401, Http.get(TestTls.client(null, root.certificate()), server.uri("/cert/admin/x")).status());
        assertEquals(401, basic("/cert/admin/x", "mallory", "secret").status(), "no password logins in a certgate application");
    }

    @Test
    void theOtherApplicationsKeepTheEnginesRealm() {
        Http loggedIn = basic("/basic/admin/x", "mallory", "secret");
        assertEquals(200, loggedIn.status(), loggedIn.body());
        assertEquals("mallory", loggedIn.line("user"));
        assertEquals("true", loggedIn.line("admin"));
        assertEquals(401, basic("/basic/admin/x", "mallory", "wrong").status());
        assertEquals(200, Http.get(TestTls.client(null, root.certificate()), server.uri("/open/public.html")).status());
    }

    @Test
    void nestedInsideLockOutRealmOrCombinedRealmTheApplicationDoesNotStartAndTheLogSaysWhereToPutIt() {
        assertFalse(lockOut.getState().isAvailable(), lockOut.getState().toString());
        assertFalse(combined.getState().isAvailable(), combined.getState().toString());
        assertEquals(404, Http.get(TestTls.client(alice, root.certificate()), server.uri("/lockout/admin/x")).status());
        String all = log.all();
        assertTrue(all.contains("/lockout is not started:" + System.lineSeparator()
                + "CertGateRealm is nested inside org.apache.catalina.realm.LockOutRealm"), all);
        assertTrue(all.contains("/combined is not started:" + System.lineSeparator()
                + "CertGateRealm is nested inside org.apache.catalina.realm.CombinedRealm"), all);
        assertTrue(all.contains("directly inside the <Context> (META-INF/context.xml or conf/context.xml) or the <Host>"), all);
    }

    /** What a second Realm element does to the first in one container: Tomcat keeps one. */
    @Test
    void displacedByAnotherRealmTheClientCertApplicationsDoNotStart() throws Exception {
        try (EmbeddedTomcat other = new EmbeddedTomcat(TestTls.localhost(root), root.certificate())) {
            CertGateRealm realm = new CertGateRealm();
            realm.setProperty("revocation.mode", "off");
            other.tomcat().getEngine().setRealm(realm);
            other.tomcat().getEngine().setRealm(stockEngineRealm());
            Context basicApp = other.add("/basic", TestWebApp.builder().withoutContextParam().authMethod("BASIC"));
            other.start();
            Context cert = null;
            try {
                cert = other.add("/cert", TestWebApp.builder().rules(CertGateRealmIT.RULES));
            } catch (IllegalStateException expected) {
                cert = (Context) other.tomcat().getHost().findChild("/cert");
            }
            assertFalse(cert.getState().isAvailable(), cert.getState().toString());
            assertTrue(basicApp.getState().isAvailable());
            assertTrue(log.all().contains("CertGateRealm in StandardEngine[Tomcat] was displaced by org.apache.catalina.realm.LockOutRealm"), log.all());
        }
    }
}
