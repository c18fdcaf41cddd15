package io.certgate.tomcat;

import io.certgate.core.management.ObjectNames;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.ContextConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JMX beans of the realm and the valve, read from the platform MBean server by name while an embedded Tomcat
 * serves real TLS requests, and gone once their web application stops or is undeployed.
 */
class JmxIT {
    static final String RULES = "role admin when subject.cn = \"alice\"\nrole user when subject.o = \"Example\"\n"
            + "revocation.mode = off\n";
    static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    static final ObjectName REALM = ObjectNames.webApplication("tomcat", "realm", "localhost", "/jmx");
    static final ObjectName VALVE = ObjectNames.webApplication("tomcat", "valve", "localhost", "/jmx");

    static TestCertificate root;
    static TestCertificate alice;
    static TestCertificate bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=certgate jmx root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Example").clientAuth().signedBy(root).build();
    }

    static Map<String, Long> table(ObjectName name, String attribute) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (Object row : ((TabularData) JMX.getAttribute(name, attribute)).values()) {
            out.put((String) ((CompositeData) row).get("key"), (Long) ((CompositeData) row).get("value"));
        }
        return out;
    }

    static Set<ObjectName> certgateBeans() {
        return JMX.queryNames(ObjectNames.ALL_WEB_APPLICATIONS, null);
    }

    @Test
    void theRealmAndTheValveOfOneWebApplicationEachCountTheirDecisionsUntilItStops() throws Exception {
        try (EmbeddedTomcat server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate())) {
            Context app = server.add("/jmx", TestWebApp.builder().rules(RULES));
            app.setRealm(new CertGateRealm());
            app.getPipeline().addValve(new CertGateValve());
            server.start();

            assertEquals(200, Http.get(TestTls.client(alice, root.certificate()), server.uri("/jmx/admin/x")).status());
            assertEquals(403, Http.get(TestTls.client(bob, root.certificate()), server.uri("/jmx/admin/x")).status());
            assertEquals(200, Http.get(TestTls.client(null, root.certificate()), server.uri("/jmx/open/x")).status());

            // The realm decides for the two logins on the constrained path; the valve for every request.
            assertEquals(2L, JMX.getAttribute(REALM, "Authenticated"));
            assertEquals(0L, JMX.getAttribute(REALM, "Denied"));
            assertEquals(2L, JMX.getAttribute(VALVE, "Authenticated"));
            assertEquals(1L, JMX.getAttribute(VALVE, "Denied"));
            assertEquals(1L, table(VALVE, "Denials").get("NO_CERTIFICATE"));
            Path rules = Path.of(app.getDocBase()).resolve("WEB-INF/certgate.rules");
            assertEquals(rules.toString(), JMX.getAttribute(REALM, "Rules"));
            assertEquals("LOADED", JMX.getAttribute(REALM, "LastReloadResult"));
            assertEquals(false, JMX.getAttribute(VALVE, "RevocationChecked"));

            app.stop();
            assertFalse(JMX.isRegistered(REALM), "the realm's bean goes with its stopped web application");
            assertFalse(JMX.isRegistered(VALVE));
            app.start();
            assertTrue(JMX.isRegistered(REALM), "and comes back when it starts again");
            assertEquals(0L, JMX.getAttribute(REALM, "Decisions"), "with the counts of its new gate");
            assertEquals(200, Http.get(TestTls.client(alice, root.certificate()), server.uri("/jmx/admin/x")).status());
            assertEquals(1L, JMX.getAttribute(VALVE, "Decisions"));

            server.tomcat().getHost().removeChild(app);
            assertFalse(JMX.isRegistered(REALM), "undeployed: nothing left behind");
            assertFalse(JMX.isRegistered(VALVE));
        }
        assertEquals(Set.of(), certgateBeans());
    }

    @Test
    void webApplicationsAtOnePathOnTwoHostsHaveTheirOwnBeans() throws Exception {
        try (EmbeddedTomcat server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate())) {
            CertGateRealm realm = new CertGateRealm();
            server.tomcat().getEngine().setRealm(realm);
            server.add("/shared", TestWebApp.builder().rules(RULES));
            StandardHost other = new StandardHost();
            other.setName("other.example");
            Path appBase = dir.resolve("other-host");
            other.setAppBase(appBase.toString());
            other.setAutoDeploy(false);
            server.tomcat().getEngine().addChild(other);
            StandardContext shared = new StandardContext();
            shared.setPath("/shared");
            shared.setDocBase(TestWebApp.builder().rules(RULES).writeTo(appBase.resolve("shared")).toString());
            shared.addLifecycleListener(new ContextConfig());
            other.addChild(shared);
            server.start();

            ObjectName onLocalhost = ObjectNames.webApplication("tomcat", "realm", "localhost", "/shared");
            ObjectName onOther = ObjectNames.webApplication("tomcat", "realm", "other.example", "/shared");
            assertEquals(Set.of(onLocalhost, onOther), certgateBeans());
            assertEquals(200, Http.get(TestTls.client(alice, root.certificate()), server.uri("/shared/admin/x")).status());
            assertEquals(1L, JMX.getAttribute(onLocalhost, "Authenticated"));
            assertEquals(0L, JMX.getAttribute(onOther, "Decisions"));
        }
        assertEquals(Set.of(), certgateBeans());
    }
}
