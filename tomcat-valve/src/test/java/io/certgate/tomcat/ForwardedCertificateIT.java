package io.certgate.tomcat;

import io.certgate.core.CertGate;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates Tomcat did not verify: a plain-HTTP connector behind which {@code SSLValve} reads the
 * {@code ssl_client_cert} header, which any client can forge. certgate refuses them unless told to trust them.
 */
class ForwardedCertificateIT {
    static final String REALM = "<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mode=\"off\"/>";

    static TestCertificate root;
    static TestCertificate alice;
    static TestCertificate bob;
    static EmbeddedTomcat server;
    static LogCapture audit;
    static LogCapture warnings;
    static Context badValue;

    @BeforeAll
    static void start() {
        root = TestCertificate.builder().subject("CN=certgate test root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Example").clientAuth().signedBy(root).build();
        audit = LogCapture.of(CertGate.AUDIT_LOGGER);
        warnings = LogCapture.of(CertificateOrigin.class);
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate()).withPlainHttpAndSslValve();
        server.add("/app", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(REALM));
        server.add("/trusting", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(
                "<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mode=\"off\" trustForwardedCertificates=\"true\"/>"));
        server.add("/valve", TestWebApp.builder().rules(CertGateRealmIT.RULES).withoutSecurity().contextXml(
                "<Valve className=\"io.certgate.tomcat.CertGateValve\" revocation.mode=\"off\" requiredRole=\"admin\"/>"));
        server.add("/attach", TestWebApp.builder().rules(CertGateRealmIT.RULES).withoutSecurity().contextXml(
                "<Valve className=\"io.certgate.tomcat.CertGateValve\" revocation.mode=\"off\"/>"));
        server.start();
        try {
            badValue = server.add("/badvalue", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(
                    "<Realm className=\"io.certgate.tomcat.CertGateRealm\" revocation.mode=\"off\" trustForwardedCertificates=\"yes\"/>"));
        } catch (IllegalStateException expected) {
            badValue = (Context) server.tomcat().getHost().findChild("/badvalue");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        audit.close();
        warnings.close();
        server.close();
    }

    /** The header as a front end such as httpd's {@code mod_headers} writes it: the PEM on one line. */
    static String header(TestCertificate certificate) {
        String body = Base64.getMimeEncoder(64, " ".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.der());
        return "-----BEGIN CERTIFICATE----- " + body + " -----END CERTIFICATE-----";
    }

    static Http forged(String path, TestCertificate claimed) {
        return Http.get(HttpClient.newHttpClient(), server.plainUri(path), "ssl_client_cert", header(claimed));
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aForgedHeaderOnPlainHttpIsRefusedWith401AndAnAuditRecordThatSaysWhy() {
        Http r = forged("/app/admin/x", alice);
        assertEquals(401, r.status(), r.body());
        assertTrue(audit.all().matches("(?s).*outcome=denied reason=FORWARDED_CERTIFICATE .*subject=\"CN=alice,O=Example\".*"
                + "message=\"client certificate not verified by Tomcat: it came through the connector .*which does not end TLS.*"),
                audit.all());
        assertEquals(401, forged("/app/user/x", alice).status());
        assertEquals(200, forged("/app/open/x", alice).status(), "unconstrained paths are not certgate's to refuse");
    }

    @Test
    void theOperatorIsToldOncePerConnectorNotPerRequest() {
        forged("/app/admin/x", alice);
        forged("/app/admin/x", bob);
        forged("/valve/open/x", alice);
        String all = warnings.all();
        assertEquals(1, count(all, "CertGateRealm: refused a client certificate that Tomcat did not verify: it came through the connector"), all);
        assertTrue(all.contains("set trustForwardedCertificates=\"true\""), all);
    }

    @Test
    void theOptInAcceptsTheHeaderAndIsLoggedAtStart() {
        Http r = forged("/trusting/admin/x", alice);
        assertEquals(200, r.status(), r.body());
        assertEquals("CN=alice,O=Example", r.line("user"));
        assertEquals("true", r.line("admin"));
        assertTrue(warnings.all().contains("WARNING CertGateRealm: trustForwardedCertificates=\"true\""),
                warnings.all());
    }

    @Test
    void theValveRefusesAForgedHeaderAndAttachesTheReason() {
        assertEquals(401, forged("/valve/open/x", alice).status());
        Http attached = forged("/attach/open/x", alice);
        assertEquals(200, attached.status());
        assertEquals("denied", attached.line("outcome"));
        assertEquals("null", attached.line("roles"));
    }

    @Test
    void theTlsConnectorKeepsWorkingThroughSslValveWhenNoHeaderIsSent() {
        Http r = Http.get(TestTls.client(alice, root.certificate()), server.uri("/app/admin/x"));
        assertEquals(200, r.status(), r.body());
        assertEquals("true", r.line("admin"));
        assertEquals(200, Http.get(TestTls.client(alice, root.certificate()), server.uri("/valve/open/x")).status());
    }

    @Test
    void aHeaderThatReplacesTheHandshakesCertificateOnTheTlsConnectorIsRefused() {
        Http r = Http.get(TestTls.client(bob, root.certificate()), server.uri("/app/admin/x"), "ssl_client_cert", header(alice));
        assertEquals(401, r.status(), r.body());
        assertTrue(audit.all().contains("it came through a valve or filter that replaced the certificate of the TLS connector"),
                audit.all());
    }

    /** Without the check on the session path, the forged header would log in as alice on any path of bob's session. */
    @Test
    void aLoginCachedInTheSessionIsNotDecidedAgainWithAForgedHeader() {
        HttpClient tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.context(bob, root.certificate())).cookieHandler(new CookieManager()).build();
        assertEquals(200, Http.get(tls, server.uri("/app/user/x?session")).status());
        // The first login found no session to cache itself in; this one does.
        Http loggedIn = Http.get(tls, server.uri("/app/user/x?session"));
        Http cached = Http.get(tls, server.uri("/app/open/x?session"));
        assertEquals("CN=bob,O=Example", cached.line("user"), "the open path sees the login cached in the session");
        String cookie = "JSESSIONID=" + loggedIn.line("session");
        Http forged = send(HttpRequest.newBuilder(server.plainUri("/app/open/x")).header("Cookie", cookie)
                .header("ssl_client_cert", header(alice)));
        assertEquals(200, forged.status(), forged.body());
        assertEquals("null", forged.line("user"), forged.body());
        assertEquals("false", forged.line("admin"));
        assertTrue(audit.all().contains("reason=FORWARDED_CERTIFICATE"), audit.all());
    }

    static Http send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aValueOtherThanTrueOrFalseStopsTheWebApplication() {
        assertFalse(badValue.getState().isAvailable(), badValue.getState().toString());
    }
}
