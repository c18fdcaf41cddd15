package io.certgate.tomcat;

import io.certgate.core.testing.KeepAliveConnection;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.OpensslOcspResponder;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation through CertGateRealm with a real OCSP responder ({@code openssl ocsp}): checked on every request, so
 * a certificate revoked while its connection or HTTP session stays open is refused once certgate's cache refreshes
 * ({@code revocation.cache.max-ttl = 1s} here). The realms judge time by a {@link MutableClock} that the tests move
 * past one refresh interval, so the refresh is an event of the test, not a wait.
 */
class RevocationIT {
    static final Duration REFRESH = Duration.ofSeconds(1);

    static final MutableClock CLOCK = new MutableClock(Instant.now());

    static TestCertificate root;
    static OpensslOcspResponder ocsp;
    static EmbeddedTomcat server;

    @BeforeAll
    static void start() {
        root = TestCertificate.builder().subject("CN=certgate revocation root").ca(1).build();
        ocsp = OpensslOcspResponder.builder(root).nextUpdate(Duration.ofMinutes(1)).start();
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
        server.add("/allow", app("allow")).setRealm(realm());
        server.add("/deny", app("deny")).setRealm(realm());
        server.start();
    }

    /** Clients present only their leaf; the issuer for OCSP comes from {@code revocation.issuers}. */
    private static TestWebApp app(String onUnknown) {
        return TestWebApp.builder()
                .rules("revocation.mode = ocsp\n"
                        + "revocation.on-unknown = " + onUnknown + "\n"
                        + "revocation.cache.max-ttl = " + REFRESH.toSeconds() + "s\n"
                        + "revocation.issuers = issuers.pem\n"
                        + "role admin when issuer = \"CN=certgate revocation root\"\n")
                .webInfFile("issuers.pem", root.certificatePem());
    }

    private static CertGateRealm realm() {
        CertGateRealm realm = new CertGateRealm();
        realm.setClock(CLOCK);
        return realm;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            server.close();
        } finally {
            ocsp.close();
        }
    }

    private static TestCertificate client(String cn) {
        return TestCertificate.builder().subject("CN=" + cn + ",O=Example").clientAuth()
                .ocspResponder(ocsp.uri().toString()).signedBy(root).build();
    }

    @Test
    void aGoodCertificateIsLetInAndTheRequestCarriesItsRevocationStatus() {
        TestCertificate good = client("good");
        ocsp.good(good.certificate());
        Http r = Http.get(TestTls.client(good, root.certificate()), server.uri("/deny/admin/x"));
        assertEquals(200, r.status(), r.body());
        assertEquals("GOOD ocsp", r.line("revocation"));
    }

    @Test
    void aRevokedCertificateIsRefusedWith401() {
        TestCertificate revoked = client("revoked");
        ocsp.revoke(revoked.certificate(), Instant.now().minusSeconds(60), "keyCompromise");
        HttpClient http = TestTls.client(revoked, root.certificate());
        assertEquals(401, Http.get(http, server.uri("/deny/admin/x")).status());
        assertEquals(401, Http.get(http, server.uri("/allow/admin/x")).status());
        assertEquals(200, Http.get(http, server.uri("/allow/open/x")).status(), "unconstrained paths do not authenticate");
    }

    @Test
    void anUnknownStatusIsRefusedUnderDenyAndLetInUnderAllow() {
        TestCertificate unknown = client("unknown");
        HttpClient http = TestTls.client(unknown, root.certificate());
        assertEquals(401, Http.get(http, server.uri("/deny/admin/x")).status());
        Http allowed = Http.get(http, server.uri("/allow/admin/x"));
        assertEquals(200, allowed.status(), allowed.body());
        assertTrue(allowed.line("revocation").startsWith("UNKNOWN"), allowed.body());
    }

    @Test
    void aCertificateRevokedDuringAKeptAliveConnectionIsRefusedOnThatConnection() throws Exception {
        TestCertificate mallory = client("kept-alive");
        ocsp.good(mallory.certificate());
        try (KeepAliveConnection connection = new KeepAliveConnection(TestTls.context(mallory, root.certificate()), server.port())) {
            // Under on-unknown = allow only REVOKED refuses, so a responder restart cannot fake the refusal.
            assertEquals(200, connection.get("/allow/admin/x").status());
            ocsp.revoke(mallory.certificate(), Instant.now(), "keyCompromise");
            // Within one refresh interval of the realms' clock, however long the requests take on the machine.
            Http last = afterOneRefresh(() -> Http.of(connection.get("/allow/admin/x")));
            assertEquals(401, last.status(), last.body());
            assertTrue(connection.requests() > 1);
        }
    }

    @Test
    void aCertificateRevokedDuringAnHttpSessionIsRefusedInThatSession() throws Exception {
        TestCertificate mallory = client("in-session");
        ocsp.good(mallory.certificate());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.context(mallory, root.certificate())).cookieHandler(new CookieManager()).build();
        assertEquals(200, Http.get(http, server.uri("/allow/admin/x?session")).status());
        // The first login found no session to cache itself in; this one does (and Tomcat changes the session id).
        Http loggedIn = Http.get(http, server.uri("/allow/admin/x?session"));
        Http cached = Http.get(http, server.uri("/allow/admin/x?session"));
        assertEquals(200, cached.status(), cached.body());
        assertEquals(loggedIn.line("session"), cached.line("session"),
                "an unchanged id shows Tomcat used the login cached in the session instead of logging in again");
        ocsp.revoke(mallory.certificate(), Instant.now(), "keyCompromise");
        Http last = afterOneRefresh(() -> Http.get(http, server.uri("/allow/admin/x?session")));
        assertEquals(401, last.status(), last.body());
    }

    interface Call {
        Http get() throws Exception;
    }

    /** Moves the realms' clock past one refresh interval (the cached answer expires) and makes the call. */
    private static Http afterOneRefresh(Call call) throws Exception {
        CLOCK.advance(REFRESH);
        return call.get();
    }
}
