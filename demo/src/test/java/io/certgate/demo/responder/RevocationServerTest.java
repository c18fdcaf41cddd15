package io.certgate.demo.responder;

import io.certgate.core.revocation.RevocationRuntime;
import java.time.Clock;
import io.certgate.core.revocation.CertificateStatus;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.NetworkSources;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.revocation.StaticSources;
import io.certgate.core.revocation.UnknownCause;
import io.certgate.demo.pki.CertificateBuilder;
import io.certgate.demo.pki.DemoPki;
import io.certgate.demo.pki.IssuedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's OCSP responder and CRL server, checked by certgate's own revocation checker over the network, with
 * its full validation (signatures, CertIDs, freshness, nonces): what the demo's containers rely on.
 */
class RevocationServerTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static RevocationServer server;
    static DemoPki pki;
    static Instant revokedAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws IOException {
        server = RevocationServer.bind(0);
        pki = DemoPki.create(server.ocspUri(), server.crlUri());
        Revocations revocations = new Revocations();
        pki.clients().forEach(c -> revocations.issued(c.certificate().certificate()));
        revocations.revoke(pki.client(DemoPki.REVOKED).certificate().certificate(), revokedAt, Revocations.KEY_COMPROMISE);
        server.start(pki.issuing(), revocations);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CertificateStatus check(String client, RevocationSettings.Builder settings) {
        RevocationSettings built = settings.build();
        RevocationChecker checker = new RevocationChecker(built, NetworkSources.over(StaticSources.none(), built, Clock.systemUTC(), RUNTIME));
        IssuedCertificate held = pki.client(client).certificate();
        ChainStatus status = checker.check(List.of(pki.issuing().certificate(), held.certificate()), Instant.now());
        return status.certificates().get(status.certificates().size() - 1);
    }

    static RevocationSettings.Builder only(RevocationSettings.Mode mode) {
        return RevocationSettings.builder().mode(mode);
    }

    @Test
    void ocspAnswersGoodForAnIssuedCertificateOverPost() {
        RevocationStatus status = check(DemoPki.ADMIN, only(RevocationSettings.Mode.OCSP)).status();
        assertEquals(RevocationStatus.Status.GOOD, status.status(), status.toString());
        assertEquals(RevocationStatus.Source.OCSP, status.source());
        assertTrue(status.detail().contains("signed by the issuer"), status.detail());
    }

    @Test
    void ocspAnswersRevokedWithTimeAndReason() {
        RevocationStatus status = check(DemoPki.REVOKED, only(RevocationSettings.Mode.OCSP)).status();
        assertEquals(RevocationStatus.Status.REVOKED, status.status(), status.toString());
        assertEquals(RevocationStatus.Source.OCSP, status.source());
        assertEquals(revokedAt, status.revocationTime().orElseThrow());
        assertEquals("keyCompromise", status.reason().orElseThrow());
    }

    @Test
    void ocspAnswersOverGetAndEchoesTheNonce() {
        RevocationStatus status = check(DemoPki.PAYMENTS,
                only(RevocationSettings.Mode.OCSP).ocspGet(true).ocspNonce(true)).status();
        assertEquals(RevocationStatus.Status.GOOD, status.status(), status.toString());
    }

    @Test
    void ocspAnswersUnknownForASerialTheCaNeverIssued() {
        IssuedCertificate stranger = CertificateBuilder.subject("CN=stranger").clientAuth()
                .ocspResponder(server.ocspUri()).issuedBy(pki.issuing()).build();
        RevocationSettings built = only(RevocationSettings.Mode.OCSP).build();
        RevocationChecker checker = new RevocationChecker(built, NetworkSources.over(StaticSources.none(), built, Clock.systemUTC(), RUNTIME));
        List<CertificateStatus> checked = checker.check(List.of(pki.issuing().certificate(), stranger.certificate()),
                Instant.now()).certificates();
        RevocationStatus status = checked.get(checked.size() - 1).status();
        assertEquals(RevocationStatus.Status.UNKNOWN, status.status(), status.toString());
        assertEquals(UnknownCause.RESPONDER_UNKNOWN, status.cause().orElseThrow());
    }

    @Test
    void theCrlListsTheRevokedCertificateOnly() {
        RevocationStatus revoked = check(DemoPki.REVOKED, only(RevocationSettings.Mode.CRL)).status();
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());
        assertEquals(RevocationStatus.Source.CRL, revoked.source());
        assertEquals("keyCompromise", revoked.reason().orElseThrow());
        RevocationStatus good = check(DemoPki.READER, only(RevocationSettings.Mode.CRL)).status();
        assertEquals(RevocationStatus.Status.GOOD, good.status(), good.toString());
        assertEquals(RevocationStatus.Source.CRL, good.source());
    }

    @Test
    void anUndecodableOcspRequestGetsMalformedRequestAndOtherMethodsAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> garbage = http.send(HttpRequest.newBuilder(server.ocspUri())
                .POST(HttpRequest.BodyPublishers.ofString("not DER")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, garbage.statusCode());
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED malformedRequest (1) }
        assertEquals(List.of(0x30, 0x03, 0x0a, 0x01, 0x01), unsigned(garbage.body()));
        HttpResponse<Void> put = http.send(HttpRequest.newBuilder(server.crlUri())
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(405, put.statusCode());
    }

    @Test
    void theUrlsNameTheBoundLoopbackPort() {
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/ocsp"), server.ocspUri());
        X509Certificate admin = pki.client(DemoPki.ADMIN).certificate().certificate();
        assertTrue(admin.getExtensionValue("1.3.6.1.5.5.7.1.1") != null, "authorityInfoAccess");
        assertTrue(admin.getExtensionValue("2.5.29.31") != null, "cRLDistributionPoints");
    }

    private static List<Integer> unsigned(byte[] bytes) {
        List<Integer> out = new java.util.ArrayList<>();
        for (byte b : bytes) {
            out.add(b & 0xff);
        }
        return out;
    }
}
