package io.certgate.demo.responder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.certgate.demo.pki.IssuedCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * Serves one CA's CRL (RFC 5280 §5) over HTTP GET: signed by the CA, listing every revoked serial with its
 * reason, valid for {@link #VALIDITY}, with an authorityKeyIdentifier and a CRL number that grows with each
 * new issue. A new CRL is signed when a certificate is revoked and when the last one is half-way to its
 * nextUpdate. Thread-safe.
 */
final class CrlPublisher implements HttpHandler {
    /** The time from thisUpdate to nextUpdate of every CRL. */
    static final Duration VALIDITY = Duration.ofDays(1);

    private final IssuedCertificate issuer;
    private final Revocations revocations;
    private long number;
    private long signedVersion = -1;
    private Instant signedAt;
    private byte[] crl;

    CrlPublisher(IssuedCertificate issuer, Revocations revocations) {
        this.issuer = issuer;
        this.revocations = revocations;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = current();
            exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The current CRL, DER; signs a new one when revocations changed or the last one is half-way to expiry. */
    synchronized byte[] current() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long version = revocations.version();
        if (crl == null || version != signedVersion || now.isAfter(signedAt.plus(VALIDITY.dividedBy(2)))) {
            crl = sign(now, ++number);
            signedVersion = version;
            signedAt = now;
        }
        return crl.clone();
    }

    private byte[] sign(Instant now, long crlNumber) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(VALIDITY)));
            for (Revocations.Revocation r : revocations.revoked()) {
                b.addCRLEntry(r.serial(), Date.from(r.at()), r.reason());
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
            return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.privateKey())).getEncoded();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the demo CRL: " + e, e);
        }
    }
}
