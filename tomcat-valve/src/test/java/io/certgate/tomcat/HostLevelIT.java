package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CertGateRealm and CertGateValve configured once for a whole Host: each web application still uses its own rules.
 */
class HostLevelIT {
    static TestCertificate root;
    static TestCertificate alice;
    static TestCertificate bob;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=certgate host root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Example").clientAuth().signedBy(root).build();
    }

    static HttpClient as(TestCertificate client) {
        return TestTls.client(client, root.certificate());
    }

    static TestWebApp adminIs(String cn) {
        return TestWebApp.builder().rules("role admin when subject.cn = \"" + cn + "\"\nrole user when subject.o = \"Example\"\n");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealmOnTheHost {
        EmbeddedTomcat server;

        @BeforeAll
        void start() {
            server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
            CertGateRealm realm = new CertGateRealm();
            realm.setProperty("revocation.mode", "off");
            server.tomcat().getHost().setRealm(realm);
            server.add("/one", adminIs("alice"));
            server.add("/two", adminIs("bob"));
            server.start();
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        @Test
        void twoWebApplicationsUseTheirOwnRules() {
            assertEquals(200, Http.get(as(alice), server.uri("/one/admin/x")).status());
            assertEquals(403, Http.get(as(alice), server.uri("/two/admin/x")).status());
            assertEquals(403, Http.get(as(bob), server.uri("/one/admin/x")).status());
            assertEquals(200, Http.get(as(bob), server.uri("/two/admin/x")).status());
            assertEquals("true", Http.get(as(bob), server.uri("/one/user/x")).line("user-role"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ValveOnTheHost {
        EmbeddedTomcat server;

        @BeforeAll
        void start() {
            server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
            CertGateValve valve = new CertGateValve();
            valve.setRequiredRole("admin");
            valve.setProperty("revocation.mode", "off");
            server.tomcat().getHost().getPipeline().addValve(valve);
            server.add("/one", adminIs("alice").withoutSecurity());
            server.add("/two", adminIs("bob").withoutSecurity());
            server.start();
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        @Test
        void theRequiredRoleIsEnforcedWithEachWebApplicationsRules() {
            Http allowed = Http.get(as(alice), server.uri("/one/open/x"));
            assertEquals(200, allowed.status(), allowed.body());
            assertEquals("authenticated", allowed.line("outcome"));
            assertEquals("[admin, user]", allowed.line("roles"));
            assertEquals(403, Http.get(as(alice), server.uri("/two/open/x")).status());
            assertEquals(200, Http.get(as(bob), server.uri("/two/public.html")).status());
            assertEquals(403, Http.get(as(bob), server.uri("/one/public.html")).status());
        }

        @Test
        void noCertificateIsRefusedWith401() {
            assertEquals(401, Http.get(as(null), server.uri("/one/public.html")).status());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ValveInContextXml {
        EmbeddedTomcat server;

        @BeforeAll
        void start() {
            server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
            server.add("/attach", adminIs("alice").withoutSecurity()
                    .contextXml("<Valve className=\"io.certgate.tomcat.CertGateValve\" revocation.mode=\"off\"/>"));
            server.start();
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
        }

        @Test
        void withoutARequiredRoleTheDecisionIsOnlyAttached() {
            Http none = Http.get(as(null), server.uri("/attach/open/x"));
            assertEquals(200, none.status());
            assertEquals("denied", none.line("outcome"));
            Http bobs = Http.get(as(bob), server.uri("/attach/open/x"));
            assertEquals("authenticated", bobs.line("outcome"));
            assertEquals("[user]", bobs.line("roles"));
            assertEquals("null", bobs.line("user"), "the valve attaches the decision; it logs no one in");
        }
    }
}
