package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real TLS into Tomcat with CertGateRealm: a revoked client that presents a look-alike of its issuer after its leaf
 * (the JDK's own path building ignores it, so the handshake succeeds) stays refused under {@code
 * revocation.on-unknown = allow}; and {@code trust.anchors} refuses a chain from a CA that the connector trusts
 * but the rules do not.
 */
class VerifiedPathIT {
    private static final String SKI = "2.5.29.14";

    static TestCertificate root;
    static TestCertificate otherRoot;
    static TestCertificate attackerRoot;
    static TestCertificate lookAlike;
    static TestOcspResponder ocsp;
    static EmbeddedTomcat server;
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

    /** The extension's DER value inside the OCTET STRING the JDK wraps it in (short forms only: a key identifier). */
    static byte[] innerValue(byte[] wrapped) {
        return java.util.Arrays.copyOfRange(wrapped, 2, wrapped.length);
    }

    @BeforeAll
    static void start() {
        root = TestCertificate.builder().subject("CN=certgate path root").ca(1).build();
        otherRoot = TestCertificate.builder().subject("CN=certgate other root").ca(1).build();
        attackerRoot = TestCertificate.builder().subject("CN=attacker root").ca(1).build();
        lookAlike = TestCertificate.builder().subject("CN=certgate path root").ca(1)
                .extension(SKI, false, innerValue(root.certificate().getExtensionValue(SKI)))
                .signedBy(attackerRoot).build();
        ocsp = TestOcspResponder.start(root, Clock.systemUTC());
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate(), otherRoot.certificate());
        server.add("/allow", TestWebApp.builder()
                .rules("revocation.mode = ocsp\nrevocation.on-unknown = allow\nrevocation.issuers = issuers.pem\n"
                        + "role admin when true\n")
                .webInfFile("issuers.pem", root.certificatePem())).setRealm(new CertGateRealm());
        server.add("/anchored", TestWebApp.builder()
                .rules("revocation.mode = off\ntrust.anchors = anchors.pem\nrole admin when true\n")
                .webInfFile("anchors.pem", root.certificatePem())).setRealm(new CertGateRealm());
        server.start();
        Logger.getLogger("io.certgate.audit").addHandler(AUDIT);
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger("io.certgate.audit").removeHandler(AUDIT);
        try {
            server.close();
        } finally {
            ocsp.close();
        }
    }

    @Test
    void aRevokedClientPresentingALookAlikeOfItsIssuerIsRefused() {
        TestCertificate mallory = TestCertificate.builder().subject("CN=mallory,O=Example").clientAuth()
                .ocspResponder(ocsp.uri().toString()).signedBy(root).build();
        ocsp.revoke(mallory.certificate(), Instant.now().minusSeconds(60), "keyCompromise");
        for (List<java.security.cert.X509Certificate> presented : List.of(
                List.of(mallory.certificate(), lookAlike.certificate()),
                List.of(mallory.certificate(), lookAlike.certificate(), attackerRoot.certificate()))) {
            HttpClient http = TestTls.clientPresenting(mallory, presented, root.certificate());
            Http r = Http.get(http, server.uri("/allow/admin/x"));
            assertEquals(401, r.status(), r.body());
        }
        assertTrue(audit.stream().anyMatch(a -> a.contains("reason=REVOKED") && a.contains("CN=mallory")), audit.toString());
    }

    @Test
    void aChainFromACaTheConnectorTrustsButTheAnchorsDoNotIsUntrusted() {
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        TestCertificate bob = TestCertificate.builder().subject("CN=bob,O=Elsewhere").clientAuth().signedBy(otherRoot)
                .build();
        assertEquals(200, Http.get(TestTls.client(alice, root.certificate()), server.uri("/anchored/admin/x")).status());
        Http refused = Http.get(TestTls.client(bob, root.certificate()), server.uri("/anchored/admin/x"));
        assertEquals(401, refused.status(), refused.body());
        assertTrue(audit.stream().anyMatch(a -> a.contains("reason=UNTRUSTED_CHAIN") && a.contains("CN=bob")),
                audit.toString());
    }
}
