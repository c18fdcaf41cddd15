package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTPS connector with {@code certificateVerification="optional_no_ca"} hands over any chain, verified or not:
 * a self-signed certificate with any name would be certgate's client. Web applications certgate serves there do not
 * start, with a message that says what to change; the others are left alone.
 */
class UnverifiedChainsIT {
    static TestCertificate root;
    static TestCertificate mallory;
    static EmbeddedTomcat server;
    static LogCapture log;
    static Context realm;
    static Context valve;

    @BeforeAll
    static void start() {
        root = TestCertificate.builder().subject("CN=certgate test root").ca(1).build();
        TestCertificate selfSigned = TestCertificate.builder().subject("CN=anyone's root").ca(1).build();
        mallory = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(selfSigned).build();
        log = LogCapture.of(ContextGates.class);
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate()).withCertificateVerification("optional_no_ca");
        server.add("/other", TestWebApp.builder().withoutContextParam().withoutSecurity());
        server.start();
        realm = deployRefused("/realm", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(CertGateRealmIT.REALM));
        valve = deployRefused("/valve", TestWebApp.builder().rules(CertGateRealmIT.RULES).withoutSecurity()
                .contextXml("<Valve className=\"io.certgate.tomcat.CertGateValve\" revocation.mode=\"off\" requiredRole=\"admin\"/>"));
    }

    static Context deployRefused(String path, TestWebApp app) {
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
    }

    @Test
    void aConnectorThatDoesNotVerifyClientCertificatesStopsTheApplicationsCertgateServes() {
        assertFalse(realm.getState().isAvailable(), realm.getState().toString());
        assertFalse(valve.getState().isAvailable(), valve.getState().toString());
        assertEquals(404, Http.get(TestTls.client(mallory, root.certificate()), server.uri("/realm/admin/x")).status());
        assertTrue(log.all().contains("client certificates reach /realm unverified through Connector["), log.all());
        assertTrue(log.all().contains("certificateVerification=\"optional_no_ca\")"), log.all());
        assertTrue(log.all().contains("client certificates reach /valve unverified"), log.all());
    }

    @Test
    void applicationsWithoutCertgateKeepRunning() {
        assertEquals(200, Http.get(TestTls.client(mallory, root.certificate()), server.uri("/other/public.html")).status());
    }
}
