package io.certgate.tomcat;

import io.certgate.core.testing.CertgateThreads;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No certgate thread outlives the web applications it serves: after a revocation check and a background refresh
 * through CertGateRealm, stopping one of two web applications leaves the other's threads, stopping the server leaves
 * none.
 */
class ThreadsIT {
    @Test
    void noCertgateThreadOutlivesTheServerAfterARefreshAhead() throws Exception {
        TestCertificate root = TestCertificate.builder().subject("CN=certgate threads root").ca(1).build();
        MutableClock clock = new MutableClock(Instant.now());
        try (TestOcspResponder ocsp = TestOcspResponder.start(root, clock)) {
            TestCertificate dave = TestCertificate.builder().subject("CN=dave,O=Example").clientAuth()
                    .ocspResponder(ocsp.uri().toString()).signedBy(root).build();
            ocsp.good(dave.certificate());
            EmbeddedTomcat server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate());
            try {
                server.add("/one", app(root)).setRealm(realm(clock));
                server.add("/two", app(root)).setRealm(realm(clock));
                server.start();
                HttpClient http = TestTls.client(dave, root.certificate());
                assertEquals(200, Http.get(http, server.uri("/one/admin/x")).status());
                // Past three quarters of the answer's hour: this request is answered from the cache and refreshes it.
                clock.advance(Duration.ofMinutes(50));
                assertEquals(200, Http.get(http, server.uri("/one/admin/x")).status());
                ocsp.awaitRequests(2, Duration.ofSeconds(60));
                assertTrue(CertgateThreads.any("certgate-refresh-"), CertgateThreads.alive().toString());
                assertTrue(CertgateThreads.any("certgate-http-"), CertgateThreads.alive().toString());

                server.tomcat().getHost().findChild("/one").stop();
                // The other web application still holds the runtime: it fetches its own first answer through it.
                assertEquals(200, Http.get(http, server.uri("/two/admin/x")).status());
                assertEquals(3, ocsp.requests());
            } finally {
                server.close();
            }
            assertEquals(List.of(), CertgateThreads.alive(), "certgate threads after the server stopped");
        }
    }

    /** Clients present only their leaf; the issuer for OCSP comes from {@code revocation.issuers}. */
    private static TestWebApp app(TestCertificate root) {
        return TestWebApp.builder()
                .rules("revocation.mode = ocsp\nrevocation.issuers = issuers.pem\n"
                        + "role admin when issuer = \"CN=certgate threads root\"\n")
                .webInfFile("issuers.pem", root.certificatePem());
    }

    private static CertGateRealm realm(MutableClock clock) {
        CertGateRealm realm = new CertGateRealm();
        realm.setClock(clock);
        return realm;
    }
}
